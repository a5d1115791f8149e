import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { actorCodes } from './score.ts';

describe('the codes a predicted actor answers to', () => {
  const table: { name: string; actor: Parameters<typeof actorCodes>[0]; codes: string[] }[] = [
    { name: 'a state', actor: { kind: 'state', country: 'IRN', code: 'IRNGOV' }, codes: ['IRN'] },
    { name: 'an intergovernmental body', actor: { kind: 'igo', code: 'IAEA' }, codes: ['IAEA', 'IGO'] },
    { name: 'an armed group with a home country', actor: { kind: 'group', country: 'LBN', code: 'HEZBOLLAH' }, codes: ['LBN', 'HEZBOLLAH', 'IMG'] },
    { name: 'a person in a state office', actor: { kind: 'person', country: 'USA', code: 'USAGOV', sector: 'GOV' }, codes: ['USA'] },
    { name: "a person acting for a body of no state (the UN's secretary-general)", actor: { kind: 'person', code: 'UN', sector: 'IGO' }, codes: ['UN', 'IGO'] },
    { name: 'a person leading a transnational armed group', actor: { kind: 'person', code: 'AQ', sector: 'INS' }, codes: ['AQ', 'IMG'] },
  ];
  for (const c of table) test(c.name, () => assert.deepEqual(actorCodes(c.actor), c.codes));
});
