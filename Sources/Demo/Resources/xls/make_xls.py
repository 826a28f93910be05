#!/usr/bin/env python3
"""Writes the demo's .xls files (Excel 97-2003, BIFF8) with xlwt.

No Swift or C library available to kaohe writes .xls (libxlsxwriter writes .xlsx only), so these
files are made once by this script and committed; `kaohe demo` copies those of its weeks into
data/demo/. They hold the weekly rows of two departments of gaoxin-2018 as the generator makes
them for the default seed (2018): 行政服务与审批管理局 and 国土规划建设管理局 send one .xls a week,
the way an old Excel/WPS template saves it: a merged title, a 填报单位 line, the header, the rows,
a 合计 row and a 填表人 footer.

Usage (regenerates identical files; the database is any demo database of seed 2018):
    python3 Sources/Demo/Resources/xls/make_xls.py data/demo.sqlite Sources/Demo/Resources/xls
"""
import datetime
import os
import sqlite3
import sys

import xlwt

UNITS = {"gx-xzsp": "行政服务与审批管理局", "gx-gtgh": "国土规划建设管理局"}


def monday(week):
    year, w = int(week[:4]), int(week[6:])
    return datetime.date.fromisocalendar(year, w, 1)


def write(path, name, week, rows):
    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet("报送")
    bold = xlwt.easyxf("font: bold on, height 280; align: horiz center")
    date = xlwt.easyxf(num_format_str="yyyy/m/d")
    sheet.write_merge(0, 0, 0, 4, "高新区社会信用体系建设考核 数据报送表", bold)
    sheet.write_merge(1, 1, 0, 4, "填报单位：%s    周次：%s" % (name, week))
    for c, h in enumerate(["周次", "单位", "指标", "报送数", "合格数"]):
        sheet.write(2, c, h)
    r = 3
    for indicator, submitted, qualified in rows:
        sheet.write(r, 0, monday(week), date)
        sheet.write(r, 1, name)
        sheet.write(r, 2, indicator)
        sheet.write(r, 3, submitted)
        sheet.write(r, 4, qualified)
        r += 1
    sheet.write(r, 0, "合  计")
    sheet.write(r, 3, sum(s for _, s, _ in rows))
    sheet.write(r, 4, sum(q for _, _, q in rows))
    sheet.write(r + 2, 0, "填表人：（签字）")
    sheet.write(r + 2, 3, "审核人：")
    book.save(path)


def main(database, folder):
    db = sqlite3.connect(database)
    for old in os.listdir(folder):
        if old.endswith(".xls"):
            os.remove(os.path.join(folder, old))
    for unit, name in UNITS.items():
        weeks = {}
        for week, indicator, submitted, qualified in db.execute(
                "SELECT week, indicator, submitted, qualified FROM submission "
                "WHERE scheme = 'gaoxin-2018' AND unit = ? ORDER BY week, indicator", (unit,)):
            weeks.setdefault(week, []).append((indicator, submitted, qualified))
        for week, rows in sorted(weeks.items()):
            write(os.path.join(folder, "gaoxin-2018_%s_%s.xls" % (week, name)), name, week, rows)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
