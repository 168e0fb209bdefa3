/** The one-line setting, in a module of its own imported before any model. */
import { configure } from "decorum";

configure({ codegen: false });
