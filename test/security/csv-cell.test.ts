import { safeCell } from '../../src/http/csv-cell';

describe('safeCell (CSV formula neutralising)', () => {
  it.each([
    ['=1+1', "'=1+1"],
    ['+41 44 123 45 67', "'+41 44 123 45 67"],
    ['-cmd', "'-cmd"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\t=1', "'\t=1"],
    ['\tplain', "'\tplain"],
    ['\rplain', "'\rplain"],
    ['\nplain', "'\nplain"],
    ['\0plain', "'\0plain"],
    ['   =1', "'   =1"],
    ['\u3000=1', "'\u3000=1"],
    ['＝1', "'＝1"],
    ['＋1', "'＋1"],
    ['－1', "'－1"],
    ['＠SUM(A1)', "'＠SUM(A1)"],
  ])('when a cell is %j then it becomes %j', (cell, safe) => {
    expect(safeCell(cell)).toBe(safe);
  });

  it.each([
    ['1200.50'],
    ['0'],
    ['-12.50'],
    ['CLM-000001'],
    ['PAY-1 = wire'],
    ['2026-10-01T09:00:00.000Z'],
    [''],
    ["'=already quoted"],
    ['Print advertising'],
  ])('when a cell is %j (plain text or a number) then it is unchanged', (cell) => {
    expect(safeCell(cell)).toBe(cell);
  });
});
