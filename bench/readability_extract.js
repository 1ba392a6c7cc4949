// Runs Mozilla Readability (with jsdom) over decompressed pages, one
// thread, as bench/extract_vs_readability.sh calls it:
//
//   node readability_extract.js OUT.jsonl PAGE.html ...
//
// Pages are read into memory before the clock starts; the timed part is
// what extraction costs a user of the library: building the DOM with jsdom
// and Readability's parse(). Prints pages, seconds and pages/s; writes one
// {"id","text"} record per page (text: the article's textContent, "" when
// Readability finds none or fails).
const fs = require("fs");
const path = require("path");
const { JSDOM, VirtualConsole } = require("jsdom");
const { Readability } = require("@mozilla/readability");

const [out, ...files] = process.argv.slice(2);
const pages = files.map((f) => [path.basename(f), fs.readFileSync(f, "utf8")]);
const virtualConsole = new VirtualConsole();  // silence page errors
const records = [];
let failed = 0;
const start = process.hrtime.bigint();
for (const [id, html] of pages) {
  let text = "";
  try {
    const dom = new JSDOM(html, { url: "https://example.com/", virtualConsole });
    const article = new Readability(dom.window.document).parse();
    if (article && article.textContent) text = article.textContent;
    dom.window.close();
  } catch (e) {
    failed++;
  }
  records.push(JSON.stringify({ id, text }));
}
const seconds = Number(process.hrtime.bigint() - start) / 1e9;
fs.writeFileSync(out, records.join("\n") + "\n");
console.log(`pages ${pages.length} seconds ${seconds.toFixed(3)} ` +
            `pages_per_s ${(pages.length / seconds).toFixed(2)} failed ${failed}`);
