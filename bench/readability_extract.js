// Runs Mozilla Readability (with jsdom) over decompressed pages, one
// thread, as bench/extract_vs_readability.sh calls it:
//
//   node readability_extract.js OUT.jsonl PAGE.html ...
//
// Each page is read from disk outside the timed part; the timed part is
// what extraction costs a user of the library: building the DOM with jsdom
// and Readability's parse(). Prints pages, seconds and pages/s; writes one
// {"id","text"} record per page (text: the article's textContent, "" when
// Readability finds none or fails).
const fs = require("fs");
const path = require("path");
const { JSDOM, VirtualConsole } = require("jsdom");
const { Readability } = require("@mozilla/readability");

const [out, ...files] = process.argv.slice(2);
const virtualConsole = new VirtualConsole();  // silence page errors
const fd = fs.openSync(out, "w");
let failed = 0;
let timed = 0n;
for (const file of files) {
  const html = fs.readFileSync(file, "utf8");
  let text = "";
  const start = process.hrtime.bigint();
  try {
    const dom = new JSDOM(html, { url: "https://example.com/", virtualConsole });
    const article = new Readability(dom.window.document).parse();
    if (article && article.textContent) text = article.textContent;
    dom.window.close();
  } catch (e) {
    failed++;
  }
  timed += process.hrtime.bigint() - start;
  fs.writeSync(fd, JSON.stringify({ id: path.basename(file), text }) + "\n");
}
fs.closeSync(fd);
const seconds = Number(timed) / 1e9;
console.log(`pages ${files.length} seconds ${seconds.toFixed(3)} ` +
            `pages_per_s ${(files.length / seconds).toFixed(2)} failed ${failed}`);
