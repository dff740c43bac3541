"""Workbooks written by openpyxl (and re-saved by LibreOffice) with what schools' plans carry besides
cells: a chart, a picture, comments, data validation. Run with Debian's python3-openpyxl and
python3-pil (and libreoffice-calc-nogui for the LibreOffice copy):
    /usr/bin/python3 scripts/make-fixtures.py
The outputs are committed (tests/fixtures/), so tests and CI need neither Python nor LibreOffice."""
import io, os, shutil, subprocess, tempfile
from openpyxl import Workbook
from openpyxl.chart import BarChart, Reference
from openpyxl.comments import Comment
from openpyxl.drawing.image import Image
from openpyxl.worksheet.datavalidation import DataValidation

HERE = os.path.join(os.path.dirname(__file__), '..', 'tests', 'fixtures')
from PIL import Image as PILImage

def png():
    buf = io.BytesIO()
    PILImage.new('RGB', (24, 12), (0, 120, 212)).save(buf, 'PNG')
    buf.seek(0)
    return buf

def plan(ws):
    ws.append(['某某学校 2024 级电子商务专业教学进程安排表'])
    ws.append(['课程类别', '序号', '课程名称', '学时', '学分', '第一学期', '第二学期', '第三学期', '第四学期'])
    rows = [
        ['公共基础课', 1, '语文', 144, 8, 72, 72, None, None],
        [None, 2, '数学', 144, 8, 72, 72, None, None],
        [None, 3, '英语', 108, 6, 54, 54, None, None],
        ['专业基础课', 1, '电子商务概论', 72, 4, None, None, 72, None],
        ['专业核心课', 1, '网店运营', 108, 6, None, None, 54, 54],
        ['专业选修课', 1, '商务礼仪', 36, 2, None, None, None, 36],
    ]
    for r in rows:
        ws.append(r)
    ws.append(['合计', None, None, '=SUM(D3:D8)', '=SUM(E3:E8)', '=SUM(F3:F8)', '=SUM(G3:G8)', '=SUM(H3:H8)', '=SUM(I3:I8)'])
    ws.merge_cells('A1:I1')
    ws.merge_cells('A3:A5')

def book(with_chart=False, with_image=False, with_comments=False, with_validation=False):
    wb = Workbook()
    ws = wb.active
    ws.title = '教学进程表'
    plan(ws)
    if with_chart:
        chart = BarChart()
        chart.title = '各学期学时'
        chart.add_data(Reference(ws, min_col=6, max_col=9, min_row=9, max_row=9), from_rows=True)
        ws.add_chart(chart, 'K2')
    if with_image:
        ws.add_image(Image(png()), 'K20')
    if with_comments:
        ws['C3'].comment = Comment('语文按省里要求每周 4 学时', '教务处')
        ws['D8'].comment = Comment('选修课可再加一门', '专业负责人')
    if with_validation:
        dv = DataValidation(type='whole', operator='between', formula1='0', formula2='400')
        ws.add_data_validation(dv)
        dv.add('D3:D8')
    return wb

for name, kw in [
    ('openpyxl-chart.xlsx', dict(with_chart=True)),
    ('openpyxl-image.xlsx', dict(with_image=True)),
    ('openpyxl-comments.xlsx', dict(with_comments=True, with_validation=True)),
    ('openpyxl-everything.xlsx', dict(with_chart=True, with_image=True, with_comments=True, with_validation=True)),
]:
    book(**kw).save(os.path.join(HERE, name))
    print('wrote', name)

# The same workbook as LibreOffice writes it (its own part names, styles and drawings).
if shutil.which('soffice'):
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(['soffice', '--headless', '--convert-to', 'xlsx:Calc MS Excel 2007 XML', '--outdir', tmp, os.path.join(HERE, 'openpyxl-everything.xlsx')], check=True, capture_output=True)
        shutil.copy(os.path.join(tmp, 'openpyxl-everything.xlsx'), os.path.join(HERE, 'libreoffice-everything.xlsx'))
        print('wrote libreoffice-everything.xlsx')
