#!/bin/sh
# Makes the fixtures written by a real office program (LibreOffice Calc, headless) from files of
# make_office_fixtures.py. Needs `apt-get install -y libreoffice-calc-nogui`; run from this folder.
# The outputs are committed; the tests never run LibreOffice.
set -e
out=$(mktemp -d)
profile="-env:UserInstallation=file://$out/profile"
# BIFF8 .xls as LibreOffice writes it (title, 合计 with formulas and cached values, footer, blank sheets).
soffice $profile --headless --convert-to xls --outdir "$out" title_total_footer.xlsx
mv "$out/title_total_footer.xls" office_title_total.xls
# A sheet per week with a notes sheet, as a LibreOffice .xls (LibreOffice no longer writes BIFF5:
# the BIFF5 fixture is made by make_office_fixtures.py).
soffice $profile --headless --convert-to xls --outdir "$out" weekly_sheets.xlsx
mv "$out/weekly_sheets.xls" office_weekly_sheets.xls
# .xlsx as LibreOffice writes it (shared strings, merged ranges) from the xlwt wide sheet.
soffice $profile --headless --convert-to xlsx --outdir "$out" xls_wide_merged.xls
mv "$out/xls_wide_merged.xlsx" office_wide_merged.xlsx
rm -rf "$out"
