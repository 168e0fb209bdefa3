/**
 * The child side of the Pipe example: receives `Rect`s over a channel on
 * its IPC connection and answers with the rectangle doubled.
 */
import { Channel } from "decorum";
import { Rect } from "./shapes.js";

const channel = new Channel<Rect, Rect | "bye">(process);
for await (const message of channel) {
  if (message === "bye") break;
  console.log(`  child:  got ${message} (instanceof Rect: ${message instanceof Rect}), area ${message.area()}`);
  channel.send(new Rect(message.width * 2, message.height * 2));
}
channel.close();
