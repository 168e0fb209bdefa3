/**
 * The Python recipe "metaclass registers every class, one generic deserialize"
 * example, done with decorum: `@model` registers each class when it is
 * defined, `serialize` writes a self-describing document, and ONE
 * `deserialize` rebuilds whichever class the document names — without the
 * caller knowing it, and only for registered classes.
 */
import { DeserializeError, deserialize, field, model, serialize } from "decorum";

@model("geo.Point2D")
class Point2D {
  @field(Number) accessor x = 0;
  @field(Number) accessor y = 0;

  constructor(x = 0, y = 0) {
    this.x = x;
    this.y = y;
  }

  toString(): string {
    return `Point2D(${this.x}, ${this.y})`;
  }
}

@model("geo.Vector3D")
class Vector3D {
  @field(Number) accessor x = 0;
  @field(Number) accessor y = 0;
  @field(Number) accessor z = 0;

  constructor(x = 0, y = 0, z = 0) {
    this.x = x;
    this.y = y;
    this.z = z;
  }

  get magnitude(): number {
    return Math.hypot(this.x, this.y, this.z);
  }

  toString(): string {
    return `Vector3D(${this.x}, ${this.y}, ${this.z})`;
  }
}

// Write: each instance names its registered class.
const before = [new Point2D(5, 3), new Vector3D(10, -7, 3)];
const documents = before.map((shape) => serialize(shape));
for (const doc of documents) console.log("serialized:  ", doc);

// Read: one generic function, no class given; the "$type" tag decides.
for (const doc of documents) {
  const after = deserialize(doc);
  console.log("deserialized:", String(after), after instanceof Point2D || after instanceof Vector3D ? "(a real instance)" : "");
}

// With an expected class, the root's type is checked too.
const v = deserialize(documents[1] as string, Vector3D);
console.log(`typed:         ${v} has magnitude ${v.magnitude.toFixed(3)}`);

// The registry is an allow-list: anything else is refused, with paths.
for (const bad of ['{"$type":"os.Process","cmd":"rm -rf /"}', '{"$type":"geo.Point2D","x":"5"}']) {
  try {
    deserialize(bad);
  } catch (error) {
    if (!(error instanceof DeserializeError)) throw error;
    console.log(`refused:       ${bad}\n               ${error.message.replaceAll("\n", "\n               ")}`);
  }
}
