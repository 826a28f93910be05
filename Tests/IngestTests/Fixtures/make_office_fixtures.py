#!/usr/bin/env python3
"""Writes the fixtures of the office shapes (issue #12): title rows, 合计/小计 rows, footers, a sheet
per week, notes and blank sheets, old .xls (xlwt, BIFF8), a WPS-style CSV.
Run from this folder: python3 make_office_fixtures.py. Test "today" is 2019-01-31.

The files made by a real office program (office_*.xls/xlsx, LibreOffice Calc) are made from these by
make_office_fixtures.sh and committed; neither script runs during the tests.
"""
import datetime
from openpyxl import Workbook
from openpyxl.styles import Alignment
import xlwt

HEAD = ["周次", "单位", "指标", "报送数", "合格数"]
TITLE = "济南高新区社会信用体系建设信息报送周报"

def title_total_footer():
    """One sheet as a credit office makes it: a merged title, a 填报单位 line, the header, rows,
    a 合计 row (correct), a blank row, footer lines; two default blank sheets after it."""
    wb = Workbook(); ws = wb.active; ws.title = "周报"
    ws["A1"] = TITLE + "（2018年第49周）"; ws.merge_cells("A1:E1")
    ws["A1"].alignment = Alignment(horizontal="center")
    ws["A2"] = "填报单位：（盖章）"
    ws.append(HEAD)
    ws.append(["2018-W49", "市场监管局", "1", 3, 2])
    ws.append(["2018-W49", "市场监管局", "6", 10, 9])
    ws.append(["2018-W49", "税务局", "双公示", 7, 7])
    ws.append([None, "合 计", None, "=SUM(D4:D6)", "=SUM(E4:E6)"])
    ws.append([])
    ws.append(["填表人：", None, "审核人：", None, "联系电话："])
    ws.append(["注：合格数不得大于报送数。"])
    wb.create_sheet("Sheet2"); wb.create_sheet("Sheet3")
    wb.save("title_total_footer.xlsx")
    set_cached_values("title_total_footer.xlsx", {"D7": "20", "E7": "18"})

def set_cached_values(path, values):
    """openpyxl writes formulas without their cached results; put them in as Excel would."""
    import re, zipfile
    src = zipfile.ZipFile(path); items = [(i, src.read(i.filename)) for i in src.infolist()]; src.close()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for item, data in items:
            if item.filename == "xl/worksheets/sheet1.xml":
                text = data.decode()
                for ref, v in values.items():
                    text = re.sub(r'(<c r="%s"[^>]*>)<f>(.*?)</f><v\s*/>' % ref, r'\1<f>\2</f><v>%s</v>' % v, text)
                    text = re.sub(r'(<c r="%s"[^>]*>)<f>(.*?)</f>(?!<v)' % ref, r'\1<f>\2</f><v>%s</v>' % v, text)
                data = text.encode()
            out.writestr(item, data)

def bad_total():
    """合计 61 under rows that add up to 60 (column D, row 30), and a 合格数 total that is right."""
    wb = Workbook(); ws = wb.active
    ws["A1"] = TITLE
    ws.append(HEAD)
    units = ["市场监管局", "税务局", "科技局"]
    sub = 0; qual = 0
    for i in range(27):  # rows 3..29
        week = "2018-W%02d" % (49 + i // 3) if i < 12 else "2019-W%02d" % (1 + (i - 12) // 3)
        s = 3 if i < 6 else 2; q = 1 + i % 2
        ws.append([week, units[i % 3], "6", s, q]); sub += s; qual += q
    ws.append(["合计", None, None, sub + 1, qual])
    ws.append(["填表人："])
    wb.save("bad_total.xlsx")

def week_sheet(ws, week, rows, subtotal=False):
    ws["A1"] = TITLE; ws.merge_cells("A1:E1")
    ws.append(HEAD)
    for r in rows: ws.append([week] + r)
    if subtotal:
        ws.append([None, "小计", None, sum(r[2] for r in rows), sum(r[3] for r in rows)])

def weekly_sheets():
    """A sheet per week, a 填表说明 sheet first, a blank sheet, an unfilled week (header only)."""
    wb = Workbook(); notes = wb.active; notes.title = "填表说明"
    notes["A1"] = "每周五下班前报送；“指标”填指标编号或名称。"
    notes.append(HEAD); notes.append(["2018-W49", "市场监管局", "1", 99, 99])  # an example: never imported
    week_sheet(wb.create_sheet("第49周"), "2018-W49", [["市场监管局", "1", 3, 2], ["税务局", "6", 4, 4]])
    week_sheet(wb.create_sheet("第50周"), "2018-W50", [["市场监管局", "1", 1, 1], ["税务局", "6", 5, 3]], subtotal=True)
    wb.create_sheet("Sheet4")
    week_sheet(wb.create_sheet("第51周"), "2018-W51", [["科技局", "6", 2, 2]])
    week_sheet(wb.create_sheet("第52周"), "2018-W52", [])
    wb.save("weekly_sheets.xlsx")

def bad_weekly_sheets():
    """A sheet per week where 第50周 names an unknown unit and repeats a row of 第49周; and a sheet
    with numbers under no header."""
    wb = Workbook(); ws = wb.active; ws.title = "第49周"
    week_sheet(ws, "2018-W49", [["市场监管局", "1", 3, 2]])
    week_sheet(wb.create_sheet("第50周"), "2018-W50", [["市场监官局", "1", 1, 1], ["市场监管局", "1", 1, 1]])
    wb["第50周"].append(["2018-W49", "市场监管局", "1", 3, 2])
    other = wb.create_sheet("汇总")
    other.append(["市场监管局", 4, 3]); other.append(["税务局", 1, 1])
    wb.save("bad_weekly_sheets.xlsx")

def xls_long_dates():
    """.xls (BIFF8, xlwt): merged title, the week as date cells, numbers and texts, 合计, 填表人."""
    wb = xlwt.Workbook(encoding="utf-8"); ws = wb.add_sheet("报送")
    date = xlwt.easyxf(num_format_str="YYYY-MM-DD")
    ws.write_merge(0, 0, 0, 4, TITLE)
    for c, h in enumerate(HEAD): ws.write(1, c, h)
    rows = [(datetime.date(2018, 12, 3), "市场监管局", "1", 3, 2),
            (datetime.date(2018, 12, 12), "税务局", 6, 5, 5),
            (datetime.datetime(2018, 12, 19, 9, 30), "科技局", "双公示", 4, 3)]
    for r, row in enumerate(rows, start=2):
        ws.write(r, 0, row[0], date)
        for c in range(1, 5): ws.write(r, c, row[c])
    ws.write(5, 1, "合计"); ws.write(5, 3, 12); ws.write(5, 4, 10)
    ws.write(7, 0, "填表人：（略）")
    wb.add_sheet("Sheet2")
    wb.save("xls_long_dates.xls")

def xls_wide_merged():
    """.xls wide form: a title, a two-row header (单位/周次 merged down, 合格数 merged across codes)."""
    wb = xlwt.Workbook(encoding="utf-8"); ws = wb.add_sheet("周报")
    ws.write_merge(0, 0, 0, 7, TITLE)
    ws.write_merge(1, 2, 0, 0, "单位"); ws.write_merge(1, 2, 1, 1, "周次")
    ws.write_merge(1, 1, 2, 7, "合格数")
    for i, code in enumerate(["1", "2", "3", "4", "5", "双公示"]): ws.write(2, 2 + i, code)
    data = [["市场监管局", "2018-W49", 1, 2, 0, None, None, 5],
            ["税务局", datetime.date(2018, 12, 6), None, 1, 1, 1, None, 3],
            ["东区街道办", "2018-W49", 0, 0, 2, "-", None, 0]]
    date = xlwt.easyxf(num_format_str="YYYY/M/D")
    for r, row in enumerate(data, start=3):
        for c, v in enumerate(row):
            if v is None: continue
            ws.write(r, c, v, date) if isinstance(v, datetime.date) else ws.write(r, c, v)
    wb.save("xls_wide_merged.xls")

def wps_csv():
    """What WPS writes when a sheet like title_total_footer is saved as CSV: GB18030, every line as
    wide as the used range (trailing empty columns), lines of bare commas, the title and footer."""
    lines = [TITLE + ",,,,,,,", "周次,单位,指标,报送数,合格数,,,",
             "2018-W50,市场监管局,1,3,2,,,", ",,,,,,,", "2018-W50,税务局,6,4,4,,,",
             ",合计,,7,6,,,", ",,,,,,,", "填表人：,,审核人：,,,,,", ",,,,,,,", ",,,,,,,"]
    with open("wps.csv", "wb") as f:
        f.write(("\r\n".join(lines) + "\r\n").encode("gb18030"))

def bad_xls():
    """A cut .xls, and bytes with the .xls signature and nothing valid after it."""
    data = open("xls_long_dates.xls", "rb").read()
    open("bad_truncated.xls", "wb").write(data[: len(data) // 3])
    open("bad_garbage.xls", "wb").write(bytes([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) + bytes(range(256)) * 8)

title_total_footer(); bad_total(); weekly_sheets(); bad_weekly_sheets()
xls_long_dates(); xls_wide_merged(); wps_csv(); bad_xls()

# --- BIFF5 (Excel 95): no current writer makes it (xlwt writes BIFF8, LibreOffice no longer exports
# BIFF5), so the records and the OLE2 container are written here by hand, after [MS-XLS] (BIFF5
# records) and [MS-CFB] (version 3, 512-byte sectors). Texts are in code page 936 (GBK), as a
# Chinese Excel 95 wrote them.
import struct

def rec(kind, body): return struct.pack("<HH", kind, len(body)) + body
def bof(dt): return rec(0x0809, struct.pack("<HHHH", 0x0500, dt, 0x0DBB, 0x07CC))
def gbk(s): return s.encode("gb18030")

def biff5_sheet(rows):
    """rows: {row: {col: value}}; a datetime.date is written as a number with the date XF (17)."""
    out = bof(0x0010)
    nrows = max(rows) + 1; ncols = max(max(c) for c in rows.values()) + 1
    out += rec(0x0200, struct.pack("<HHHHH", 0, nrows, 0, ncols, 0))
    for r in sorted(rows):
        for c, v in sorted(rows[r].items()):
            if isinstance(v, str):
                b = gbk(v); out += rec(0x0204, struct.pack("<HHHH", r, c, 16, len(b)) + b)
            elif isinstance(v, datetime.date):
                serial = (v - datetime.date(1899, 12, 30)).days
                out += rec(0x0203, struct.pack("<HHHd", r, c, 17, float(serial)))
            else:
                out += rec(0x0203, struct.pack("<HHHd", r, c, 16, float(v)))
    return out + rec(0x000A, b"")

def biff5_book(sheets):
    """sheets: [(name, rows)] → the Book stream."""
    xf = lambda fmt, style: rec(0x00E0, struct.pack("<HHHHHHHH", 0, fmt, 0xFFF5 if style else 0x0001, 0x20, 0, 0, 0, 0))
    glob = bof(0x0005) + rec(0x0042, struct.pack("<H", 936)) + rec(0x0022, struct.pack("<H", 0))
    glob += rec(0x0031, struct.pack("<HHHHHBBBB", 200, 0, 0x7FFF, 400, 0, 0, 0, 134, 0) + bytes([5]) + b"Arial") * 5
    glob += b"".join(xf(0, True) for _ in range(16)) + xf(0, False) + xf(14, False)
    names = [gbk(n) for n, _ in sheets]
    bodies = [biff5_sheet(rows) for _, rows in sheets]
    bound_len = sum(4 + 7 + len(n) for n in names)
    offset = len(glob) + bound_len + 4  # + the globals' EOF
    bounds = b""
    for n, body in zip(names, bodies):
        bounds += rec(0x0085, struct.pack("<IHB", offset, 0, len(n)) + n); offset += len(body)
    return glob + bounds + rec(0x000A, b"") + b"".join(bodies)

def cfb(stream, name="Book"):
    """A version-3 compound file holding one stream (padded to 4,096 bytes: no mini stream)."""
    data = stream + bytes(max(0, 4096 - len(stream)))
    data += bytes(-len(data) % 512)
    n = len(data) // 512
    dir_sector, fat_sector = n, n + 1
    fat = [i + 1 for i in range(n - 1)] + [0xFFFFFFFE, 0xFFFFFFFE, 0xFFFFFFFD]
    fat += [0xFFFFFFFF] * (128 - len(fat))
    def entry(nm, kind, child, start, size):
        u = (nm + "\0").encode("utf-16-le") if nm else b""
        return (u + bytes(64 - len(u)) + struct.pack("<HBB", len(u), kind, 1)
                + struct.pack("<III", 0xFFFFFFFF, 0xFFFFFFFF, child) + bytes(16) + struct.pack("<I", 0) + bytes(16)
                + struct.pack("<III", start, size, 0))
    empty = bytes(64) + struct.pack("<HBB", 0, 0, 0) + struct.pack("<III", 0xFFFFFFFF, 0xFFFFFFFF, 0xFFFFFFFF) + bytes(48)
    directory = entry("Root Entry", 5, 1, 0xFFFFFFFE, 0) + entry(name, 2, 0xFFFFFFFF, 0, len(data)) + empty + empty
    header = (bytes([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) + bytes(16)
              + struct.pack("<HHHHH", 0x003E, 0x0003, 0xFFFE, 9, 6) + bytes(6)
              + struct.pack("<IIIIIIIII", 0, 1, dir_sector, 0, 4096, 0xFFFFFFFE, 0, 0xFFFFFFFE, 0)
              + struct.pack("<I", fat_sector) + struct.pack("<I", 0xFFFFFFFF) * 108)
    assert len(header) == 512 and len(directory) == 512
    return header + data + directory + struct.pack("<128I", *fat)

def biff5_weekly():
    """A BIFF5 workbook: 第49周 (title, header, a date-cell week, 合计, 填表人) and a 填表说明 sheet."""
    week = {0: {0: TITLE}, 1: dict(enumerate(HEAD)),
            2: {0: datetime.date(2018, 12, 3), 1: "市场监管局", 2: "1", 3: 3, 4: 2},
            3: {0: "2018-W49", 1: "税务局", 2: "双公示", 3: 4, 4: 4},
            4: {1: "合计", 3: 7, 4: 6}, 6: {0: "填表人：（略）"}}
    notes = {0: {0: "每周五报送。"}}
    open("biff5_weekly.xls", "wb").write(cfb(biff5_book([("第49周", week), ("填表说明", notes)])))

biff5_weekly()
