/**
 * Runs on the server (Node): the documents the page decodes, written with the
 * tour's models. The tampered copy breaks three rules at once.
 */
import { serialize } from "decorum";
import { LineItem, Order } from "../tour/registry.js";

const order = new Order();
order.id = "A-1";
order.placed = new Date(Date.UTC(2024, 0, 2));
order.lines = [new LineItem("tea", 4.5), new LineItem("cup", 12)];
order.tags = new Set(["gift"]);

/** The order as the server sends it. */
export const orderJson: string = serialize(order);

const tampered = JSON.parse(orderJson);
tampered.id = 7;
tampered.placed = typeof tampered.placed === "object" ? { ...tampered.placed, value: "soon" } : "soon";
tampered.lines[1] = { $type: "os.Shell" };
/** The same order, tampered with on the way. */
export const tamperedJson: string = JSON.stringify(tampered);
