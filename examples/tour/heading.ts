let section = 0;

/**
 * Prints a tour section heading, numbered in the order the sections run
 * (a leading "N. " in the title is replaced by the running number).
 */
export function heading(title: string): void {
  section += 1;
  const text = `${section}. ${title.replace(/^\d+\.\s*/, "")}`;
  console.log(`\n${"─".repeat(72)}\n${text}\n${"─".repeat(72)}`);
}
