/// Hand-written field access for the page models: Mustache reads a model's fields through
/// `MustacheParent.child(named:)` instead of reflecting it with `Mirror`, and the page's input key
/// is hashed from the same fields with `StableKeyed.feed(into:)` instead of `String(reflecting:)`.
/// Every stored field of a model must appear in both (SiteTests checks them against `Mirror`); the
/// parameter is `n` so that it cannot hide a field (a field `name` would otherwise return the name).
import Mustache

extension Link: MustacheParent, StableKeyed {
    func child(named n: String) -> Any? {
        switch n {
        case "href": return href
        case "text": return text
        default: return nil
        }
    }
    func feed(into h: inout StableHash) {
        href.feed(into: &h); text.feed(into: &h)
    }
}

extension ChartRef: MustacheParent, StableKeyed {
    func child(named n: String) -> Any? {
        switch n {
        case "src": return src
        case "alt": return alt
        case "width": return width
        case "height": return height
        case "hasPhone": return !phoneSrc.isEmpty
        case "phoneSrc": return phoneSrc
        case "phoneWidth": return phoneWidth
        case "phoneHeight": return phoneHeight
        case "phoneMedia": return phoneMedia
        default: return nil
        }
    }
    func feed(into h: inout StableHash) {
        src.feed(into: &h); alt.feed(into: &h); width.feed(into: &h); height.feed(into: &h)
        phoneSrc.feed(into: &h); phoneWidth.feed(into: &h); phoneHeight.feed(into: &h); phoneMedia.feed(into: &h)
    }
}

extension Cell: MustacheParent, StableKeyed {
    func child(named n: String) -> Any? {
        switch n {
        case "text": return text
        case "cls": return cls
        default: return nil
        }
    }
    func feed(into h: inout StableHash) {
        text.feed(into: &h); cls.feed(into: &h)
    }
}

extension Column: MustacheParent, StableKeyed {
    func child(named n: String) -> Any? {
        switch n {
        case "text": return text
        case "sub": return sub
        case "span": return span
        case "hasSub": return hasSub
        default: return nil
        }
    }
    func feed(into h: inout StableHash) {
        text.feed(into: &h); sub.feed(into: &h); span.feed(into: &h); hasSub.feed(into: &h)
    }
}

extension RankRow: MustacheParent, StableKeyed {
    func child(named n: String) -> Any? {
        switch n {
        case "rank": return rank
        case "name": return name
        case "href": return href
        case "cells": return cells
        case "score": return score
        case "change": return change
        case "changeClass": return changeClass
        case "rowClass": return rowClass
        default: return nil
        }
    }
    func feed(into h: inout StableHash) {
        rank.feed(into: &h); name.feed(into: &h); href.feed(into: &h); cells.feed(into: &h);
        score.feed(into: &h); change.feed(into: &h); changeClass.feed(into: &h); rowClass.feed(into: &h)
    }
}

extension EventRow: MustacheParent, StableKeyed {
    func child(named n: String) -> Any? {
        switch n {
        case "date": return date
        case "unit": return unit
        case "href": return href
        case "indicator": return indicator
        case "count": return count
        case "reason": return reason
        default: return nil
        }
    }
    func feed(into h: inout StableHash) {
        date.feed(into: &h); unit.feed(into: &h); href.feed(into: &h); indicator.feed(into: &h);
        count.feed(into: &h); reason.feed(into: &h)
    }
}

extension Masthead: MustacheParent, StableKeyed {
    func child(named n: String) -> Any? {
        switch n {
        case "office": return office
        case "kind": return kind
        case "issue": return issue
        case "date": return date
        case "title": return title
        case "mark": return mark
        case "number": return number
        case "addressees": return addressees
        case "pdf": return pdf
        case "copies": return copies
        case "hasCopies": return !copies.isEmpty
        case "printer": return printer
        case "printDate": return printDate
        default: return nil
        }
    }
    func feed(into h: inout StableHash) {
        office.feed(into: &h); kind.feed(into: &h); issue.feed(into: &h); date.feed(into: &h);
        title.feed(into: &h); mark.feed(into: &h); number.feed(into: &h); addressees.feed(into: &h);
        pdf.feed(into: &h); copies.feed(into: &h); printer.feed(into: &h); printDate.feed(into: &h)
    }
}

extension Nav: MustacheParent, StableKeyed {
    func child(named n: String) -> Any? {
        switch n {
        case "hasPrev": return hasPrev
        case "prev": return prev
        case "hasNext": return hasNext
        case "next": return next
        default: return nil
        }
    }
    func feed(into h: inout StableHash) {
        hasPrev.feed(into: &h); prev.feed(into: &h); hasNext.feed(into: &h); next.feed(into: &h)
    }
}

extension RankTable: MustacheParent, StableKeyed {
    func child(named n: String) -> Any? {
        switch n {
        case "caption": return caption
        case "note": return note
        case "groups": return groups
        case "hasGroups": return hasGroups
        case "columns": return columns
        case "rows": return rows
        case "csv": return csv
        case "scoreHeader": return scoreHeader
        default: return nil
        }
    }
    func feed(into h: inout StableHash) {
        caption.feed(into: &h); note.feed(into: &h); groups.feed(into: &h); hasGroups.feed(into: &h);
        columns.feed(into: &h); rows.feed(into: &h); csv.feed(into: &h); scoreHeader.feed(into: &h)
    }
}

extension NoticePage: MustacheParent, StableKeyed {
    func child(named n: String) -> Any? {
        switch n {
        case "root": return root
        case "pageTitle": return pageTitle
        case "head": return head
        case "summary": return summary
        case "table": return table
        case "silent": return silent
        case "hasSilent": return hasSilent
        case "events": return events
        case "hasEvents": return hasEvents
        case "eventsCSV": return eventsCSV
        case "charts": return charts
        case "nav": return nav
        case "footer": return footer
        case "crumbs": return crumbs
        case "hasTargets": return hasTargets
        default: return nil
        }
    }
    func feed(into h: inout StableHash) {
        root.feed(into: &h); pageTitle.feed(into: &h); head.feed(into: &h); summary.feed(into: &h);
        table.feed(into: &h); silent.feed(into: &h); hasSilent.feed(into: &h); events.feed(into: &h);
        hasEvents.feed(into: &h); eventsCSV.feed(into: &h); charts.feed(into: &h); nav.feed(into: &h);
        footer.feed(into: &h)
        crumbs.feed(into: &h); hasTargets.feed(into: &h);
    }
}

extension RankingSection: MustacheParent, StableKeyed {
    func child(named n: String) -> Any? {
        switch n {
        case "heading": return heading
        case "intro": return intro
        case "table": return table
        case "charts": return charts
        default: return nil
        }
    }
    func feed(into h: inout StableHash) {
        heading.feed(into: &h); intro.feed(into: &h); table.feed(into: &h); charts.feed(into: &h)
    }
}

extension RankingPage: MustacheParent, StableKeyed {
    func child(named n: String) -> Any? {
        switch n {
        case "root": return root
        case "pageTitle": return pageTitle
        case "head": return head
        case "summary": return summary
        case "sections": return sections
        case "nav": return nav
        case "footer": return footer
        case "crumbs": return crumbs
        case "hasTargets": return hasTargets
        default: return nil
        }
    }
    func feed(into h: inout StableHash) {
        root.feed(into: &h); pageTitle.feed(into: &h); head.feed(into: &h); summary.feed(into: &h);
        sections.feed(into: &h); nav.feed(into: &h); footer.feed(into: &h)
        crumbs.feed(into: &h); hasTargets.feed(into: &h);
    }
}

extension NewsPage: MustacheParent, StableKeyed {
    func child(named n: String) -> Any? {
        switch n {
        case "root": return root
        case "pageTitle": return pageTitle
        case "head": return head
        case "summary": return summary
        case "table": return table
        case "silent": return silent
        case "hasSilent": return hasSilent
        case "charts": return charts
        case "nav": return nav
        case "footer": return footer
        case "crumbs": return crumbs
        case "hasTargets": return hasTargets
        default: return nil
        }
    }
    func feed(into h: inout StableHash) {
        root.feed(into: &h); pageTitle.feed(into: &h); head.feed(into: &h); summary.feed(into: &h);
        table.feed(into: &h); silent.feed(into: &h); hasSilent.feed(into: &h); charts.feed(into: &h);
        nav.feed(into: &h); footer.feed(into: &h)
        crumbs.feed(into: &h); hasTargets.feed(into: &h);
    }
}

extension UnitIndicatorRow: MustacheParent, StableKeyed {
    func child(named n: String) -> Any? {
        switch n {
        case "code": return code
        case "short": return short
        case "rule": return rule
        case "tier": return tier
        case "points": return points
        case "responsibility": return responsibility
        case "completion": return completion
        case "earned": return earned
        case "missing": return missing
        case "rowClass": return rowClass
        default: return nil
        }
    }
    func feed(into h: inout StableHash) {
        code.feed(into: &h); short.feed(into: &h); rule.feed(into: &h); tier.feed(into: &h);
        points.feed(into: &h); responsibility.feed(into: &h); completion.feed(into: &h);
        earned.feed(into: &h); missing.feed(into: &h); rowClass.feed(into: &h)
    }
}

extension HistoryRow: MustacheParent, StableKeyed {
    func child(named n: String) -> Any? {
        switch n {
        case "window": return window
        case "href": return href
        case "score": return score
        case "rank": return rank
        case "change": return change
        case "changeClass": return changeClass
        default: return nil
        }
    }
    func feed(into h: inout StableHash) {
        window.feed(into: &h); href.feed(into: &h); score.feed(into: &h); rank.feed(into: &h);
        change.feed(into: &h); changeClass.feed(into: &h)
    }
}

extension UnitPage: MustacheParent, StableKeyed {
    func child(named n: String) -> Any? {
        switch n {
        case "root": return root
        case "pageTitle": return pageTitle
        case "name": return name
        case "kind": return kind
        case "scheme": return scheme
        case "schemeTitle": return schemeTitle
        case "aliases": return aliases
        case "hasAliases": return hasAliases
        case "window": return window
        case "windowHref": return windowHref
        case "score": return score
        case "rank": return rank
        case "of": return of
        case "change": return change
        case "changeClass": return changeClass
        case "nextRank": return nextRank
        case "rollup": return rollup
        case "hasRollup": return hasRollup
        case "indicators": return indicators
        case "indicatorsCSV": return indicatorsCSV
        case "events": return events
        case "hasEvents": return hasEvents
        case "history": return history
        case "historyCSV": return historyCSV
        case "charts": return charts
        case "footer": return footer
        case "crumbs": return crumbs
        case "hasTargets": return hasTargets
        case "totals": return totals
        case "hasTotals": return hasTotals
        case "conversion": return conversion
        case "related": return related
        case "hasRelated": return hasRelated
        default: return nil
        }
    }
    func feed(into h: inout StableHash) {
        root.feed(into: &h); pageTitle.feed(into: &h); name.feed(into: &h); kind.feed(into: &h);
        scheme.feed(into: &h); schemeTitle.feed(into: &h); aliases.feed(into: &h); hasAliases.feed(into: &h);
        window.feed(into: &h); windowHref.feed(into: &h); score.feed(into: &h); rank.feed(into: &h);
        of.feed(into: &h); change.feed(into: &h); changeClass.feed(into: &h); nextRank.feed(into: &h);
        rollup.feed(into: &h); hasRollup.feed(into: &h); indicators.feed(into: &h);
        indicatorsCSV.feed(into: &h); events.feed(into: &h); hasEvents.feed(into: &h); history.feed(into: &h);
        historyCSV.feed(into: &h); charts.feed(into: &h); footer.feed(into: &h)
        crumbs.feed(into: &h); hasTargets.feed(into: &h);
        totals.feed(into: &h); hasTotals.feed(into: &h); conversion.feed(into: &h); related.feed(into: &h); hasRelated.feed(into: &h);
    }
}

extension TargetRow: MustacheParent, StableKeyed {
    func child(named n: String) -> Any? {
        switch n {
        case "group": return group
        case "title": return title
        case "target": return target
        case "latest": return latest
        case "period": return period
        case "status": return status
        case "statusClass": return statusClass
        case "ratio": return ratio
        case "bullet": return bullet
        case "hasBullet": return hasBullet
        case "trend": return trend
        case "hasTrend": return hasTrend
        default: return nil
        }
    }
    func feed(into h: inout StableHash) {
        group.feed(into: &h); title.feed(into: &h); target.feed(into: &h); latest.feed(into: &h);
        period.feed(into: &h); status.feed(into: &h); statusClass.feed(into: &h); ratio.feed(into: &h);
        bullet.feed(into: &h); hasBullet.feed(into: &h); trend.feed(into: &h); hasTrend.feed(into: &h)
    }
}

extension StatusCount: MustacheParent, StableKeyed {
    func child(named n: String) -> Any? {
        switch n {
        case "label": return label
        case "cls": return cls
        case "count": return count
        default: return nil
        }
    }
    func feed(into h: inout StableHash) {
        label.feed(into: &h); cls.feed(into: &h); count.feed(into: &h)
    }
}

extension TargetsPage: MustacheParent, StableKeyed {
    func child(named n: String) -> Any? {
        switch n {
        case "root": return root
        case "pageTitle": return pageTitle
        case "document": return document
        case "column": return column
        case "asOf": return asOf
        case "rows": return rows
        case "statuses": return statuses
        case "csv": return csv
        case "footer": return footer
        case "crumbs": return crumbs
        case "hasTargets": return hasTargets
        default: return nil
        }
    }
    func feed(into h: inout StableHash) {
        root.feed(into: &h); pageTitle.feed(into: &h); document.feed(into: &h); column.feed(into: &h);
        asOf.feed(into: &h); rows.feed(into: &h); statuses.feed(into: &h); csv.feed(into: &h);
        footer.feed(into: &h)
        crumbs.feed(into: &h); hasTargets.feed(into: &h);
    }
}

extension ArchiveGroup: MustacheParent, StableKeyed {
    func child(named n: String) -> Any? {
        switch n {
        case "heading": return heading
        case "links": return links
        default: return nil
        }
    }
    func feed(into h: inout StableHash) {
        heading.feed(into: &h); links.feed(into: &h)
    }
}

extension UnitIndexGroup: MustacheParent, StableKeyed {
    func child(named n: String) -> Any? {
        switch n {
        case "heading": return heading
        case "links": return links
        case "anchor": return anchor
        default: return nil
        }
    }
    func feed(into h: inout StableHash) {
        heading.feed(into: &h); links.feed(into: &h)
        anchor.feed(into: &h);
    }
}

extension HomePage: MustacheParent, StableKeyed {
    func child(named n: String) -> Any? {
        switch n {
        case "root": return root
        case "pageTitle": return pageTitle
        case "asOf": return asOf
        case "hasNotice": return hasNotice
        case "notice": return notice
        case "noticeDate": return noticeDate
        case "noticeSummary": return noticeSummary
        case "noticeCharts": return noticeCharts
        case "hasRanking": return hasRanking
        case "ranking": return ranking
        case "rankingRows": return rankingRows
        case "hasTargets": return hasTargets
        case "statuses": return statuses
        case "targetsRows": return targetsRows
        case "archives": return archives
        case "units": return units
        case "footer": return footer
        case "crumbs": return crumbs
        default: return nil
        }
    }
    func feed(into h: inout StableHash) {
        root.feed(into: &h); pageTitle.feed(into: &h); asOf.feed(into: &h); hasNotice.feed(into: &h);
        notice.feed(into: &h); noticeDate.feed(into: &h); noticeSummary.feed(into: &h);
        noticeCharts.feed(into: &h); hasRanking.feed(into: &h); ranking.feed(into: &h);
        rankingRows.feed(into: &h); hasTargets.feed(into: &h); statuses.feed(into: &h);
        targetsRows.feed(into: &h); archives.feed(into: &h); units.feed(into: &h); footer.feed(into: &h)
        crumbs.feed(into: &h);
    }
}

extension Crumb: MustacheParent, StableKeyed {
    func child(named n: String) -> Any? {
        switch n {
        case "href": return href
        case "text": return text
        case "isLink": return isLink
        default: return nil
        }
    }
    func feed(into h: inout StableHash) {
        href.feed(into: &h); text.feed(into: &h); isLink.feed(into: &h);
    }
}

extension SchemePage: MustacheParent, StableKeyed {
    func child(named n: String) -> Any? {
        switch n {
        case "root": return root
        case "pageTitle": return pageTitle
        case "crumbs": return crumbs
        case "hasTargets": return hasTargets
        case "title": return title
        case "document": return document
        case "office": return office
        case "notices": return notices
        case "hasNotices": return hasNotices
        case "groups": return groups
        case "footer": return footer
        default: return nil
        }
    }
    func feed(into h: inout StableHash) {
        root.feed(into: &h); pageTitle.feed(into: &h); crumbs.feed(into: &h); hasTargets.feed(into: &h); title.feed(into: &h); document.feed(into: &h); office.feed(into: &h); notices.feed(into: &h); hasNotices.feed(into: &h); groups.feed(into: &h); footer.feed(into: &h);
    }
}
