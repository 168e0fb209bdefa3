import { ClassDefinitionError, createDecorator, type Decoration, membersWith, setMemberData } from "decorum";
import { heading } from "./heading.js";

/** A home-made decorator written once with decorum's dialect adapter. */
const note = (text: string) =>
  createDecorator({
    name: "@note",
    field: (d: Decoration) => setMemberData(d.metadata, d.name as string, "tour.note", text),
    accessor: (_target, d: Decoration) => setMemberData(d.metadata, d.name as string, "tour.note", text),
    method: (_fn, d: Decoration) => setMemberData(d.metadata, d.name as string, "tour.note", text),
  });

class Shape {
  @note("how wide") accessor width = 1;
  @note("computed") area() {
    return this.width * this.width;
  }
}

class Square extends Shape {
  @note("always 4") sides = 4;
}

/** The foundation: one decorator, both dialects, inherited per-class metadata. */
export function foundationTour(): void {
  heading("1. One decorator, both dialects: the adapter and the metadata store");
  console.log("Notes on Square (inherited from Shape first, then its own):");
  for (const [member, text] of membersWith<string>(Square, "tour.note")) {
    console.log(`  ${String(member).padEnd(8)} ${text}`);
  }
  const methodsOnly = createDecorator({ name: "@methodsOnly", method: () => undefined });
  try {
    class Oops {
      @methodsOnly accessor size = 1;
    }
    void Oops;
  } catch (error) {
    if (!(error instanceof ClassDefinitionError)) throw error;
    console.log(`Misuse is caught when the class is defined:\n  ${error.name} [${error.code}]: ${error.message}`);
  }
}
