/*
 * A small fake of the Excel JavaScript object model: just what the add-in uses, with proxies that
 * behave like Office.js (properties readable only after load + sync; writes queued until sync).
 * Plain JavaScript so the same file runs in Node tests and, injected with addInitScript, in the
 * browser as a mocked Office host. It records every sync and what each sync carried.
 */
(function (root) {
  function colIndex(letters) {
    let n = 0;
    for (const ch of letters) n = n * 26 + (ch.charCodeAt(0) - 64);
    return n - 1;
  }
  function colLetter(c) {
    let n = c + 1;
    let s = '';
    while (n > 0) {
      s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
      n = Math.floor((n - 1) / 26);
    }
    return s;
  }
  function parse(ref) {
    const local = ref.includes('!') ? ref.slice(ref.lastIndexOf('!') + 1) : ref;
    const [a, b] = local.replace(/\$/g, '').split(':');
    const p = /^([A-Z]+)(\d+)$/.exec(a);
    const q = /^([A-Z]+)(\d+)$/.exec(b || a);
    if (!p || !q) throw new Error('bad address ' + ref);
    return { r0: Number(p[2]) - 1, c0: colIndex(p[1]), r1: Number(q[2]) - 1, c1: colIndex(q[1]) };
  }
  const key = (r, c) => colLetter(c) + (r + 1);

  /** sheets: { name: { cells: { A1: { value, formula?, fill?, note? } }, merges: ["A1:B2"] } } */
  function createFakeExcel(sheets, options) {
    const opts = Object.assign({ sets: ['1.1', '1.7', '1.9', '1.10', '1.13', '1.18', '1.20'], activeSheet: Object.keys(sheets)[0] }, options || {});
    const log = { syncs: 0, batches: [], runs: [] };
    let pending = [];
    let loads = [];
    let bytes = 0;
    const queue = (op, size) => {
      pending.push(op);
      bytes += size || 64;
    };

    function cellOf(sheet, r, c) {
      const s = sheets[sheet];
      return s.cells[key(r, c)] || null;
    }
    function ensure(sheet, r, c) {
      const s = sheets[sheet];
      const k = key(r, c);
      if (!s.cells[k]) s.cells[k] = { value: '' };
      return s.cells[k];
    }

    function makeRange(sheetName, address) {
      const a = parse(address);
      const state = { loaded: {}, sheet: sheetName, address };
      const fill = {
        load() {
          loads.push(() => {
            const c = cellOf(sheetName, a.r0, a.c0);
            state.fillColor = (c && c.fill) || '#FFFFFF';
          });
        },
        get color() {
          if (state.fillColor === undefined) throw new Error('PropertyNotLoaded: fill.color');
          return state.fillColor;
        },
        set color(v) {
          queue(() => {
            for (let r = a.r0; r <= a.r1; r++) for (let c = a.c0; c <= a.c1; c++) ensure(sheetName, r, c).fill = v;
            log.batches[log.batches.length - 1].fills.push({ address, color: v });
          });
        },
        clear() {
          queue(() => {
            for (let r = a.r0; r <= a.r1; r++) for (let c = a.c0; c <= a.c1; c++) delete ensure(sheetName, r, c).fill;
            log.batches[log.batches.length - 1].fills.push({ address, color: null });
          });
        },
      };
      // Layout (our report sheets): recorded per sheet, as Office.js would apply it.
      const layout = () => (sheets[sheetName].layout = sheets[sheetName].layout || { widths: {}, wrap: [], bold: [] });
      const format = {
        fill,
        set wrapText(v) {
          queue(() => v && layout().wrap.push(address));
        },
        set verticalAlignment(v) {
          queue(() => (layout().vertical = v));
        },
        set columnWidth(v) {
          queue(() => {
            for (let c = a.c0; c <= a.c1; c++) layout().widths[colLetter(c)] = v;
          });
        },
        font: {
          set bold(v) {
            queue(() => v && layout().bold.push(address));
          },
        },
      };
      const range = {
        format,
        load(props) {
          const list = typeof props === 'string' ? props.split(',') : props || [];
          // Sizes need no cell values (and a huge used range must not build them).
          if (list.length && list.every((p) => p === 'rowCount' || p === 'columnCount')) return;
          loads.push(() => {
            const vals = [];
            const fms = [];
            for (let r = a.r0; r <= a.r1; r++) {
              const rv = [];
              const rf = [];
              for (let c = a.c0; c <= a.c1; c++) {
                const cell = cellOf(sheetName, r, c);
                rv.push(cell ? cell.value : '');
                rf.push(cell ? (cell.formula ? '=' + cell.formula : cell.value) : '');
              }
              vals.push(rv);
              fms.push(rf);
            }
            state.loaded = { values: vals, formulas: fms, address: sheetName + '!' + address, rowIndex: a.r0, columnIndex: a.c0 };
            void list;
          });
        },
        get values() {
          if (!state.loaded.values) throw new Error('PropertyNotLoaded: values');
          return state.loaded.values;
        },
        set values(v) {
          const rows = v.length;
          const cols = v[0].length;
          if (rows !== a.r1 - a.r0 + 1 || cols !== a.c1 - a.c0 + 1) throw new Error(`InvalidArgument: ${rows}x${cols} values for ${address}`);
          queue(() => {
            for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) {
              const cell = ensure(sheetName, a.r0 + r, a.c0 + c);
              cell.value = v[r][c] === null ? '' : v[r][c];
              delete cell.formula;
            }
            log.batches[log.batches.length - 1].values.push({ address, shape: [rows, cols], values: v });
          }, JSON.stringify(v).length + 64);
        },
        get formulas() {
          return state.loaded.formulas;
        },
        get address() {
          return state.loaded.address;
        },
        get rowIndex() {
          return state.loaded.rowIndex;
        },
        get rowCount() {
          return a.r1 - a.r0 + 1;
        },
        get columnCount() {
          return a.c1 - a.c0 + 1;
        },
        get columnIndex() {
          return state.loaded.columnIndex;
        },
        select() {
          queue(() => log.batches[log.batches.length - 1].selected.push(address));
        },
        _sheet: sheetName,
        _address: address,
        clear() {
          queue(() => {
            const s = sheets[sheetName];
            for (const k of Object.keys(s.cells)) delete s.cells[k];
          });
        },
        getMergedAreasOrNullObject() {
          const m = { isNullObject: true, address: '' };
          m.load = () =>
            loads.push(() => {
              const merges = sheets[sheetName].merges || [];
              m.isNullObject = merges.length === 0;
              m.address = merges.map((x) => sheetName + '!' + x).join(', ');
            });
          return m;
        },
      };
      return range;
    }

    function usedAddress(name) {
      const keys = Object.keys(sheets[name].cells).filter((k) => sheets[name].cells[k].value !== '' || sheets[name].cells[k].formula);
      if (keys.length === 0) return null;
      let r0 = Infinity;
      let c0 = Infinity;
      let r1 = -1;
      let c1 = -1;
      for (const k of keys) {
        const p = parse(k);
        r0 = Math.min(r0, p.r0);
        c0 = Math.min(c0, p.c0);
        r1 = Math.max(r1, p.r0);
        c1 = Math.max(c1, p.c0);
      }
      return key(r0, c0) + ':' + key(r1, c1);
    }

    function makeNotes(sheetName) {
      const get = (address) => {
        const cell = cellOf(sheetName, parse(address).r0, parse(address).c0);
        const note = { isNullObject: !(cell && cell.note !== undefined) };
        note.load = () =>
          loads.push(() => {
            const c = cellOf(sheetName, parse(address).r0, parse(address).c0);
            note.isNullObject = !(c && c.note !== undefined);
            note._content = c && c.note;
          });
        Object.defineProperty(note, 'content', {
          get() {
            return note._content;
          },
          set(v) {
            queue(() => {
              ensure(sheetName, parse(address).r0, parse(address).c0).note = v;
              log.batches[log.batches.length - 1].notes.push({ address, content: v });
            }, v.length * 3);
          },
        });
        note.delete = () =>
          queue(() => {
            delete ensure(sheetName, parse(address).r0, parse(address).c0).note;
            log.batches[log.batches.length - 1].notes.push({ address, content: null });
          });
        return note;
      };
      return {
        getItemOrNullObject: get,
        getItem: get,
        add(address, content) {
          queue(() => {
            const c = ensure(sheetName, parse(address).r0, parse(address).c0);
            if (c.note !== undefined) throw new Error('InvalidArgument: the cell already has a note');
            c.note = content;
            log.batches[log.batches.length - 1].notes.push({ address, content });
          }, content.length * 3);
        },
      };
    }

    function makeSheet(name) {
      const sheet = {
        get name() {
          return name;
        },
        get visibility() {
          return (opts.hidden || []).includes(name) ? 'Hidden' : 'Visible';
        },
        load() {},
        activate() {
          queue(() => (log.activated = name));
        },
        getRange(address) {
          return makeRange(name, address || 'A1:XFD1048576'.replace('XFD1048576', 'Z2000'));
        },
        getRanges(addresses) {
          const parts = addresses.split(',');
          return { select: () => queue(() => log.batches[log.batches.length - 1].selected.push(...parts)) };
        },
        getUsedRangeOrNullObject() {
          const addr = usedAddress(name);
          if (!addr) return { isNullObject: true, load() {} };
          const r = makeRange(name, addr);
          r.isNullObject = false;
          return r;
        },
        notes: makeNotes(name),
        freezePanes: {
          freezeRows(n) {
            queue(() => ((sheets[name].layout = sheets[name].layout || { widths: {}, wrap: [], bold: [] }).frozenRows = n));
          },
        },
        pageLayout: {
          set orientation(v) {
            queue(() => ((sheets[name].layout = sheets[name].layout || { widths: {}, wrap: [], bold: [] }).orientation = v));
          },
          set zoom(v) {
            queue(() => ((sheets[name].layout = sheets[name].layout || { widths: {}, wrap: [], bold: [] }).zoom = v));
          },
        },
        delete() {
          queue(() => delete sheets[name]);
        },
      };
      return sheet;
    }

    const worksheets = {
      load() {},
      get items() {
        return Object.keys(sheets).map(makeSheet);
      },
      getActiveWorksheet: () => makeSheet(opts.activeSheet),
      getItem(name) {
        if (!sheets[name]) throw new Error('ItemNotFound: ' + name);
        return makeSheet(name);
      },
      getItemOrNullObject(name) {
        if (!sheets[name]) {
          return {
            isNullObject: true,
            load() {},
            getRange() {
              return { load() {}, values: [['']] };
            },
          };
        }
        const s = makeSheet(name);
        s.isNullObject = false;
        return s;
      },
      add(name) {
        sheets[name] = { cells: {}, merges: [] };
        if (log.batches.length) log.batches[log.batches.length - 1].added.push(name);
        return makeSheet(name);
      },
    };

    // Workbook-level names: name → { sheet, address }.
    const names = opts.names || {};
    const namesApi = {
      getItemOrNullObject(name) {
        const n = names[name];
        if (!n) return { isNullObject: true, load() {}, delete() {} };
        return {
          isNullObject: false,
          load() {},
          get formula() {
            return "='" + n.sheet.replace(/'/g, "''") + "'!$" + n.address.replace(/(\d)/, '$$$1');
          },
          delete() {
            queue(() => delete names[name]);
          },
        };
      },
      add(name, range) {
        queue(() => {
          if (names[name]) throw new Error('InvalidArgument: the name exists');
          names[name] = { sheet: range._sheet, address: range._address };
        });
      },
    };

    const context = {
      workbook: {
        names: namesApi,
        worksheets,
        comments: {
          add(address, content) {
            queue(() => log.batches[log.batches.length - 1].comments.push({ address, content }), content.length * 3);
          },
        },
      },
      application: { suspendApiCalculationUntilNextSync: () => queue(() => (log.batches[log.batches.length - 1].suspended = true)) },
      async sync() {
        log.syncs++;
        log.batches.push({ values: [], fills: [], notes: [], comments: [], selected: [], added: [], suspended: false, bytes });
        const ops = pending;
        const ls = loads;
        pending = [];
        loads = [];
        bytes = 0;
        for (const op of ops) op();
        for (const l of ls) l();
      },
    };

    const settings = new Map();
    const Office = {
      HostType: { Excel: 'Excel' },
      AsyncResultStatus: { Succeeded: 'succeeded', Failed: 'failed' },
      onReady: () => Promise.resolve({ host: 'Excel', platform: 'PC' }),
      context: {
        displayLanguage: opts.displayLanguage || 'zh-CN',
        officeTheme: { isDarkTheme: !!opts.dark },
        requirements: { isSetSupported: (name, v) => name === 'ExcelApi' && opts.sets.includes(v) },
        document: {
          settings: {
            get: (k) => (settings.has(k) ? settings.get(k) : null),
            set: (k, v) => settings.set(k, JSON.parse(JSON.stringify(v))),
            saveAsync: (cb) => cb({ status: 'succeeded' }),
          },
        },
      },
    };
    const Excel = {
      run: async (a, b) => {
        const batch = typeof a === 'function' ? a : b;
        log.runs.push({ mergeUndoGroup: typeof a === 'object' && !!a.mergeUndoGroup });
        return batch(context);
      },
    };
    return { Office, Excel, context, log, sheets, settings, names };
  }

  if (typeof module !== 'undefined' && module.exports) module.exports = { createFakeExcel };
  else root.createFakeExcel = createFakeExcel;
})(typeof globalThis !== 'undefined' ? globalThis : this);
