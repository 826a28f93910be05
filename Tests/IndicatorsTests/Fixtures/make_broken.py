#!/usr/bin/env python3
"""Writes valid/ (a small, correct set of scheme files) and broken/<case>/ (the same set with one
defect each). Each broken case names the file and the message `kaohe check` must report.
Run from this folder: python3 make_broken.py"""
import os, shutil

UNITS = """regions:
  - {id: zone, name: 测试区}
units:
  - {id: u-a, name: 甲局, kind: department, region: zone}
  - {id: u-b, name: 乙局, kind: department, region: zone, aliases: [乙]}
  - {id: u-c, name: 丙街道办, kind: subdistrict, region: zone}
  - {id: u-d, name: 丁局, kind: department, region: zone}
"""

SCHEME = """id: mini
document: 测试[2018]1号
title: 测试方案
office: 测试办公室
issued: 2018-11-27
start: 2018-12-01
mode: shared
notices: weekly
total: 100
region: zone
indicators:
  - code: "1"
    short: 文件
    title: 报送正式文件
    points: 60
    requirement: 报送正式文件。
    rule: {type: document, required: 1}
    tiers:
      - weight: 60
        units: [u-a]
      - weight: 40
        units: [u-b, u-c]
  - code: "2"
    short: 案例
    title: 报送案例
    points: 30
    requirement: 每月报送。
    rule: {type: quota, count: 1, period: month}
    tiers:
      - weight: 100
        units: [u-a, u-b, u-c]
  - code: "3"
    short: 政务诚信
    title: 杜绝失信
    points: 10
    requirement: 扣分
    rule: {type: deduction, per_event: 5}
    units: [u-a, u-b, u-c, u-d]
"""

TARGETS = """id: mini-targets
document: 测试规划
column: 专栏1
targets:
  - {id: t1, group: 甲, title: 覆盖率, text: １００％, comparator: ">=", value: 100, measure: "%", year: 2025}
  - {id: t2, group: 乙, title: 查询量, text: ＞５００万次, comparator: ">", value: 500, measure: 万次, year: 2025, method: cagr}
"""

# case: (file to change, old, new, expected message fragment, expected line)
CASES = {
    "tier-weights": ("mini.yaml", "      - weight: 40\n        units: [u-b, u-c]", "      - weight: 30\n        units: [u-b, u-c]",
                     "指标 1 各档权重之和为 90%，应为 100%", 19),
    "points-total": ("mini.yaml", "    points: 30\n", "    points: 25\n", "各指标分值之和为 95，应为方案总分 100", 12),
    "unknown-unit": ("mini.yaml", "units: [u-a, u-b, u-c]\n", "units: [u-a, u-b, u-x]\n", "未知单位“u-x”", 31),
    "duplicate-unit": ("units.yaml", "  - {id: u-d, name: 丁局, kind: department, region: zone}\n", "  - {id: u-d, name: 丁局, kind: department, region: zone}\n  - {id: u-c, name: 戊局, kind: department, region: zone}\n", "单位编号重复: u-c", 8),
    "unit-in-two-tiers": ("mini.yaml", "units: [u-b, u-c]", "units: [u-b, u-a]", "单位 u-a 同时在指标 1 的第 1 档和第 2 档", 22),
    "rule-missing-parameter": ("mini.yaml", "{type: quota, count: 1, period: month}", "{type: quota, count: 1}", "缺少字段 `period`", 28),
    "rule-impossible-parameter": ("mini.yaml", "{type: deduction, per_event: 5}", "{type: deduction, per_event: -5}", "deduction 规则的 per_event 应大于 0: -5", 37),
    "unknown-rule": ("mini.yaml", "{type: document, required: 1}", "{type: lottery}", "未知的规则: lottery", 17),
    "duplicate-indicator": ("mini.yaml", '  - code: "2"', '  - code: "1"', "指标编号重复: 1", 23),
    "duplicate-scheme-id": ("copy.yaml", None, None, "方案编号重复: mini", 1, "mini.yaml"),
    "duplicate-target-id": ("targets.yaml", "{id: t2,", "{id: t1,", "目标编号重复: t1", 6),
    "yaml-syntax": ("mini.yaml", "    points: 60\n", "    points: [60\n", "YAML 语法错误", 16),
    "unknown-region": ("mini.yaml", "region: zone", "region: moon", "未知地区“moon”", 10),
    "scheme-id-escapes": ("mini.yaml", "id: mini\n", "id: ../mini\n", "方案编号只能由小写 ASCII 字母、数字和 - 组成", 1),
    "unit-id-escapes": ("units.yaml", "  - {id: u-d, name: 丁局, kind: department, region: zone}\n", "  - {id: u-d, name: 丁局, kind: department, region: zone}\n  - {id: ../../etc, name: 戊局, kind: department, region: zone}\n", "单位编号只能由小写 ASCII 字母、数字和 - 组成", 8),
    "target-id-escapes": ("targets.yaml", "{id: t2,", "{id: ../t2,", "目标编号只能由小写 ASCII 字母、数字和 - 组成", 6),
}

def write(folder, files):
    os.makedirs(folder, exist_ok=True)
    for name, text in files.items():
        with open(os.path.join(folder, name), "w", encoding="utf-8") as f:
            f.write(text)

here = os.path.dirname(os.path.abspath(__file__))
shutil.rmtree(os.path.join(here, "valid"), ignore_errors=True)
shutil.rmtree(os.path.join(here, "broken"), ignore_errors=True)
base = {"units.yaml": UNITS, "mini.yaml": SCHEME, "targets.yaml": TARGETS}
write(os.path.join(here, "valid"), base)
with open(os.path.join(here, "cases.tsv"), "w", encoding="utf-8") as index:
    index.write("case\tfile\tline\tmessage\n")
    for case, (fname, old, new, message, line, *reported) in CASES.items():
        files = dict(base)
        if old is None:
            files[fname] = SCHEME
        else:
            assert old in files[fname], (case, old)
            files[fname] = files[fname].replace(old, new, 1)
        write(os.path.join(here, "broken", case), files)
        index.write(f"{case}\t{(reported or [fname])[0]}\t{line}\t{message}\n")
