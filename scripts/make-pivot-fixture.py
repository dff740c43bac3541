"""A plan workbook with a pivot table, as LibreOffice writes it: tests/fixtures/libreoffice-pivot.xlsx.
openpyxl cannot create pivot tables, so LibreOffice does it through UNO (Debian: libreoffice-calc-nogui,
python3-uno). Reads the committed tests/fixtures/libreoffice-everything.xlsx, adds a sheet 汇总透视 with
a DataPilot (hours per category) over the plan's rows, and saves as .xlsx:
    /usr/bin/python3 scripts/make-pivot-fixture.py
The output is committed, so tests and CI need neither LibreOffice nor Python."""
import os, shutil, subprocess, tempfile, time
import uno
from com.sun.star.beans import PropertyValue
from com.sun.star.table import CellAddress, CellRangeAddress
from com.sun.star.sheet.DataPilotFieldOrientation import ROW, DATA
from com.sun.star.sheet.GeneralFunction import SUM

HERE = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', 'tests', 'fixtures'))
SOURCE = os.path.join(HERE, 'libreoffice-everything.xlsx')
TARGET = os.path.join(HERE, 'libreoffice-pivot.xlsx')

def prop(name, value):
    p = PropertyValue()
    p.Name, p.Value = name, value
    return p

with tempfile.TemporaryDirectory() as profile:
    office = subprocess.Popen(['soffice', '--headless', '--invisible', '--norestore', f'-env:UserInstallation=file://{profile}',
                               '--accept=socket,host=127.0.0.1,port=2202;urp;'], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        local = uno.getComponentContext()
        resolver = local.ServiceManager.createInstanceWithContext('com.sun.star.bridge.UnoUrlResolver', local)
        for _ in range(60):
            try:
                ctx = resolver.resolve('uno:socket,host=127.0.0.1,port=2202;urp;StarOffice.ComponentContext')
                break
            except Exception:
                time.sleep(0.5)
        desktop = ctx.ServiceManager.createInstanceWithContext('com.sun.star.frame.Desktop', ctx)
        doc = desktop.loadComponentFromURL(uno.systemPathToFileUrl(SOURCE), '_blank', 0, (prop('Hidden', True),))
        sheets = doc.Sheets
        plan = sheets.getByIndex(0)
        sheets.insertNewByName('汇总透视', sheets.Count)
        pivot_sheet = sheets.getByName('汇总透视')
        tables = pivot_sheet.DataPilotTables
        desc = tables.createDataPilotDescriptor()
        # The plan's header row and its six course rows (A2:I8), without the title and the total row.
        source = CellRangeAddress()
        source.Sheet, source.StartColumn, source.StartRow, source.EndColumn, source.EndRow = 0, 0, 1, 8, 7
        desc.SourceRange = source
        fields = desc.DataPilotFields
        fields.getByIndex(2).Orientation = ROW  # 课程名称
        hours = fields.getByIndex(3)  # 学时
        hours.Orientation = DATA
        hours.Function = SUM
        at = CellAddress()
        at.Sheet, at.Column, at.Row = sheets.Count - 1, 0, 0
        tables.insertNewByName('学时汇总', at, desc)
        out = os.path.join(profile, 'out.xlsx')
        doc.storeToURL(uno.systemPathToFileUrl(out), (prop('FilterName', 'Calc MS Excel 2007 XML'),))
        doc.close(True)
        shutil.copy(out, TARGET)
        print('wrote', os.path.basename(TARGET))
    finally:
        office.terminate()
        office.wait(timeout=30)
