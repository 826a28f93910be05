#!/usr/bin/env python3
"""Writes the fixture files of IngestTests (run from this folder: python3 make_fixtures.py).

The .xlsx files are written by openpyxl (a real spreadsheet writer); the formula workbook gets
its cached values (<v>) by post-processing the zip, since openpyxl writes formulas without them.
Test "today" is 2019-01-31; scheme gaoxin-2018 starts 2018-12-01.
"""
import datetime, io, zipfile
from openpyxl import Workbook
from openpyxl.styles import Alignment

HEAD = "周次,单位,指标,报送数,合格数\n"

def write(name, text, encoding="utf-8"):
    with open(name, "wb") as f:
        f.write(text.encode(encoding))

# --- Good CSVs -------------------------------------------------------------------------------
write("long.csv", HEAD +
      "2018-W49,市场监管局,1,3,2\n"
      "2018-12-04,税务局,6,10,9\n"
      "2018/12/5,科技局,6,4,4\n"
      "2018年12月10日,gx-scjg,双公示,7,7\n")
# BOM, English headers in another order, spaces, quoted field with a comma, an extra column.
write("english_bom.csv", "\ufeff unit , week ,indicator,qualified,submitted, note \n"
      "市场监管局,2018-W50,1,1,1,\"late, but fine\"\r\n"
      "财政局,2018-W50,6,\"1,200\",\"1,500\",\r\n")
# GB18030 with full-width digits, a full-width comma as thousands separator, blank trailing rows.
write("gbk.csv", "周次,单位,指标,报送数,合格数\r\n"
      "２０１８-W５１,市场监管局,６,\"１，２３４\",１２００\r\n"
      "2018-W51,东区街道办事处,3,2,1\r\n"
      ",,,,\r\n\r\n,,,,\r\n", encoding="gb18030")
write("events.csv", "日期,单位,事由,次数\n2018-12-12,财政局,被列入失信被执行人名单,1\n2018/12/20,法院,案件未及时履行,\n")
write("targets.csv", "期间,指标,数值\n2021,自然人覆盖率,９８.５％\n2021-12,信用信息年均查询量,\"1,234.5\"\n"
      "2022,gov-dept-clearance,100%\n")
# Corrections of long.csv: one value changed, one unchanged, one new.
write("correction.csv", HEAD +
      "2018-W49,市场监管局,1,3,3\n"
      "2018-W49,税务局,6,10,9\n"
      "2018-W50,税务局,6,8,8\n")

# --- Bad CSVs: one problem each (formats.md, "What bad input gets") -------------------------
write("bad_unknown_unit.csv", HEAD + "2018-W49,市场监管局,1,3,2\n2018-W49,市场监官局,1,3,2\n")
write("bad_unknown_indicator.csv", HEAD + "2018-W49,市场监管局,双公式,3,2\n")
write("bad_week.csv", HEAD + "2018-W60,市场监管局,1,3,2\n")
write("bad_number.csv", HEAD + "2018-W49,市场监管局,1,三,2\n")
write("bad_fraction.csv", HEAD + "2018-W49,市场监管局,1,2.5,2\n")
write("bad_negative.csv", HEAD + "2018-W49,市场监管局,1,-3,0\n")
write("bad_qualified.csv", HEAD + "2018-W49,市场监管局,1,3,5\n")
write("bad_duplicate.csv", HEAD + "2018-W49,市场监管局,1,3,2\n2018-W50,市场监管局,1,1,1\n2018-12-05,市场监督管理局,1,4,4\n")
write("bad_responsible.csv", HEAD + "2018-W49,财政局,1,3,2\n")
write("bad_before_start.csv", HEAD + "2018-W47,市场监管局,1,3,2\n")
write("bad_future.csv", HEAD + "2019-W06,市场监管局,1,3,2\n")
write("bad_truncated.csv", HEAD + "2018-W49,市场监管局,1,3,2\n2018-W50,\"市场监管局,1,3,2\n")
write("bad_many.csv", HEAD + "".join("2018-W49,单位%03d,1,3,2\n" % i for i in range(150)))

# --- Workbooks --------------------------------------------------------------------------------
def wide_merged():
    """An office's weekly sheet: a title row, a two-row header with merged cells."""
    wb = Workbook(); ws = wb.active; ws.title = "周报"
    ws["A1"] = "济南高新区社会信用体系建设信息报送周报"; ws.merge_cells("A1:H1")
    ws["A2"] = "单位"; ws.merge_cells("A2:A3")
    ws["B2"] = "周次"; ws.merge_cells("B2:B3")
    ws["C2"] = "合格数"; ws.merge_cells("C2:H2")
    for i, code in enumerate(["1", "2", "3", "4", "5", "双公示"]):
        ws.cell(row=3, column=3 + i, value=code)
    ws["C2"].alignment = Alignment(horizontal="center")
    ws.append(["市场监管局", "2018-W49", 1, 2, 0, None, None, 5])
    ws.append(["税务局", datetime.date(2018, 12, 6), None, 1, 1, 1, None, 3])
    ws.append(["东区街道办", "2018-W49", 0, 0, 2, None, None, 0])
    ws.cell(row=6, column=2).number_format = "yyyy/m/d"
    wb.save("wide_merged.xlsx")

def dates_1904():
    """A 1904-system workbook with date cells in a custom Chinese date format."""
    wb = Workbook(); ws = wb.active
    wb.epoch = datetime.datetime(1904, 1, 1)  # openpyxl: CALENDAR_MAC_1904
    ws.append(["周次", "单位", "指标", "报送数", "合格数", "备注"])
    ws.append([datetime.date(2018, 12, 3), "市场监管局", 1, 3, 2, "first"])
    ws.append([datetime.date(2018, 12, 13), "税务局", 6, 5, 5, None])
    for r in (2, 3):
        ws.cell(row=r, column=1).number_format = 'yyyy"年"m"月"d"日"'
    wb.save("dates_1904.xlsx")

def formulas():
    """Formulas with cached values, inline strings and a built-in Chinese date format (id 31)."""
    wb = Workbook(); ws = wb.active
    ws.append(["周次", "单位", "指标", "报送数", "合格数"])
    ws.append(["2018-W49", "市场监管局", "6", 4, "=D2-1"])
    ws.append(["2018-W49", "税务局", "6", "=D2*2", "=E2+2"])
    wb.save("formulas_raw.xlsx")
    src = zipfile.ZipFile("formulas_raw.xlsx")
    sheet = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>
<row r="1"><c r="A1" t="inlineStr"><is><t>周次</t></is></c><c r="B1" t="inlineStr"><is><t>单位</t></is></c><c r="C1" t="inlineStr"><is><t>指标</t></is></c><c r="D1" t="inlineStr"><is><t>报送数</t></is></c><c r="E1" t="inlineStr"><is><t>合格数</t></is></c></row>
<row r="2"><c r="A2" s="1"><v>43437</v></c><c r="B2" t="inlineStr"><is><t>市场监管局</t></is></c><c r="C2"><v>6</v></c><c r="D2"><v>4</v></c><c r="E2"><f>D2-1</f><v>3</v></c></row>
<row r="3"><c r="A3" t="inlineStr"><is><t>2018-W49</t></is></c><c r="B3" t="str"><f>"税务"&amp;"局"</f><v>税务局</v></c><c r="C3"><v>6</v></c><c r="D3"><f>D2*2</f><v>8</v></c><c r="E3"><f>E2+2</f><v>5</v></c></row>
</sheetData></worksheet>"""
    styles = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">
<fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>
<fills count="1"><fill><patternFill patternType="none"/></fill></fills>
<borders count="1"><border/></borders>
<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>
<cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="31" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>
</styleSheet>"""
    with zipfile.ZipFile("formulas.xlsx", "w", zipfile.ZIP_DEFLATED) as out:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml": data = sheet.encode()
            if item.filename == "xl/styles.xml": data = styles.encode()
            out.writestr(item, data)
    src.close()
    import os; os.remove("formulas_raw.xlsx")

def targets_xlsx():
    wb = Workbook(); ws = wb.active
    ws.append(["期间", "目标", "数值"])
    ws.append([2021, "自然人覆盖率", "９９．１％"])
    ws.append(["2022-06", "信用贷款余额规模", 6123.4])
    wb.save("targets.xlsx")

def to_shared_strings(path):
    """Rewrites a workbook's inline strings as shared strings (what Excel itself writes)."""
    import re
    from xml.sax.saxutils import escape
    src = zipfile.ZipFile(path); items = [(i, src.read(i.filename)) for i in src.infolist()]; src.close()
    strings = []
    def repl(m):
        text = m.group(3)
        if text not in strings: strings.append(text)
        return '<c r="%s"%s t="s"><v>%d</v></c>' % (m.group(1), m.group(2) or "", strings.index(text))
    out = []
    for item, data in items:
        if item.filename == "xl/worksheets/sheet1.xml":
            data = re.sub(r'<c r="([A-Z]+[0-9]+)"( s="[0-9]+")? t="inlineStr"><is><t>(.*?)</t></is></c>', repl, data.decode()).encode()
        elif item.filename == "[Content_Types].xml":
            data = data.replace(b"</Types>", b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>')
        elif item.filename == "xl/_rels/workbook.xml.rels":
            data = data.replace(b"</Relationships>", b'<Relationship Id="rIdSS" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>')
        out.append((item, data))
    sst = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="%d" uniqueCount="%d">' % (len(strings), len(strings))
    sst += "".join("<si><t>%s</t></si>" % t for t in strings) + "</sst>"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for item, data in out: z.writestr(item, data)
        z.writestr("xl/sharedStrings.xml", sst)

wide_merged(); dates_1904(); formulas(); targets_xlsx()
to_shared_strings("wide_merged.xlsx"); to_shared_strings("dates_1904.xlsx")

# Bad workbooks: a cut zip, and a workbook whose sheet is missing.
data = open("wide_merged.xlsx", "rb").read()
open("bad_zip.xlsx", "wb").write(data[: len(data) // 2])
src = zipfile.ZipFile("wide_merged.xlsx")
with zipfile.ZipFile("bad_missing_sheet.xlsx", "w", zipfile.ZIP_DEFLATED) as out:
    for item in src.infolist():
        if item.filename != "xl/worksheets/sheet1.xml":
            out.writestr(item, src.read(item.filename))
src.close()
