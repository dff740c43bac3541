// The add-in's manifest for the address a school serves dist/ from. manifest.xml in the repository names
// the dev server (https://localhost:3000/); `npm run build -- --env url=https://plans.school.example/pb/`
// writes dist/manifest.xml with that address in every URL and its origin as the app domain.
const { URL } = require('node:url');

const DEV = 'https://localhost:3000';

/** The deployment address, checked: https (Office loads add-ins only over https), no query or fragment, ending in "/". */
function deploymentUrl(raw) {
  let url;
  try {
    url = new URL(String(raw));
  } catch {
    throw new Error(`--env url=${raw}: not a URL; write the full address, e.g. https://plans.school.example/pb/`);
  }
  if (url.protocol !== 'https:') throw new Error(`--env url=${raw}: Office loads add-ins only over https; write https://…`);
  if (url.search || url.hash) throw new Error(`--env url=${raw}: the address of the folder dist/ is served from, without ? or #`);
  if (url.username || url.password) throw new Error(`--env url=${raw}: no user name or password in the address`);
  if (!url.pathname.endsWith('/')) url.pathname += '/';
  return url;
}

function manifestFor(xml, raw) {
  const url = deploymentUrl(raw);
  const base = url.href;
  const out = xml
    .split(`${DEV}/`)
    .join(base)
    .replace(`<AppDomain>${DEV}</AppDomain>`, `<AppDomain>${url.origin}</AppDomain>`)
    .replace(/https:\/\/localhost:3000 is the dev server[^\n]*?(?= -->)/, `Built for ${base} by the deployment build (README, For school IT)`);
  // An XML comment may not hold "--": the address goes in as given, so say so rather than write an invalid file.
  if (/<!--(?:(?!-->)[\s\S])*--(?!>)/.test(out)) throw new Error(`--env url=${raw}: the address may not contain "--"`);
  if (out.includes('localhost:3000')) throw new Error('manifest.xml names localhost:3000 in a form the deployment build does not rewrite');
  return out;
}

module.exports = { manifestFor, deploymentUrl };
