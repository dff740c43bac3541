// npm run validate: the manifest against Microsoft's published XSDs, offline (xmllint), and every
// resid pointing at a resource of the right kind — which the schema cannot check.
// Exit 0 valid; 1 invalid. Without ../shared/schemas the schema step is skipped (said so), not passed.
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

function residProblems(xml) {
  const problems = [];
  const defined = new Map();
  const kinds = { Image: 'bt:Images', Url: 'bt:Urls', String: 'bt:ShortStrings|bt:LongStrings' };
  const sections = /<(bt:Images|bt:Urls|bt:ShortStrings|bt:LongStrings)>([\s\S]*?)<\/\1>/g;
  let m;
  while ((m = sections.exec(xml))) {
    for (const d of m[2].matchAll(/<bt:(?:Image|Url|String)\s+id="([^"]+)"/g)) {
      if (defined.has(d[1])) problems.push(`resource id "${d[1]}" is defined twice`);
      defined.set(d[1], m[1]);
    }
  }
  const uses = [...xml.matchAll(/<([\w:]+)[^>]*\sresid="([^"]+)"/g)];
  for (const [, element, id] of uses) {
    const section = defined.get(id);
    if (!section) {
      problems.push(`<${element} resid="${id}"> points at no resource`);
      continue;
    }
    const expected =
      element === 'bt:Image' ? kinds.Image : /Url$|SourceLocation|FunctionFile/.test(element) ? kinds.Url : /Label|Title|Description/.test(element) ? kinds.String : null;
    if (expected && !new RegExp(`^(${expected})$`).test(section)) problems.push(`<${element} resid="${id}"> points at a ${section} resource`);
    if (id.length > 32) problems.push(`resid "${id}" is longer than 32 characters`);
  }
  for (const [id, section] of defined) if (!uses.some((u) => u[2] === id)) problems.push(`resource "${id}" (${section}) is never used`);
  return problems;
}

function main() {
  const file = process.argv[2] || 'manifest.xml';
  const xml = fs.readFileSync(file, 'utf8');
  let failed = false;
  const schemaDir = process.env.MANIFEST_SCHEMA_DIR || path.resolve(__dirname, '..', '..', 'shared', 'schemas', 'office-manifest');
  const schema = path.join(schemaDir, 'OfficeAppManifestV1_1.xsd');
  if (fs.existsSync(schema)) {
    try {
      execFileSync('xmllint', ['--nonet', '--noout', '--schema', schema, file], { stdio: 'pipe' });
      console.log(`${file}: valid against OfficeAppManifestV1_1.xsd`);
    } catch (e) {
      if (e.code === 'ENOENT') {
        console.error('xmllint not found: install it (Debian: apt-get install libxml2-utils) to validate against the schema.');
      } else {
        console.error(String(e.stderr || e.message).trim());
      }
      failed = true;
    }
  } else {
    console.log(`schema step skipped: ${schemaDir} not found (set MANIFEST_SCHEMA_DIR to the office-manifest XSD folder)`);
  }
  const problems = residProblems(xml);
  for (const p of problems) console.error(`${file}: ${p}`);
  if (problems.length === 0) console.log(`${file}: every resid points at a resource of the right kind`);
  process.exitCode = failed || problems.length ? 1 : 0;
}

if (require.main === module) main();
module.exports = { residProblems };
