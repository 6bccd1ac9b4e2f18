// The report page's styles.
extension ReportPage {
    static let style = #"""
:root { --fg: #1d2430; --muted: #5c6675; --line: #d8dde5; --bg: #ffffff; --panel: #f6f8fa; --accent: #2f6fb0; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", "DejaVu Sans", sans-serif; color: var(--fg); background: var(--bg); }
header { padding: 14px 20px 8px; border-bottom: 1px solid var(--line); }
h1 { font-size: 20px; margin: 0 0 4px; }
h2 { font-size: 15px; margin: 0 0 8px; }
code, pre, #selection { font-family: ui-monospace, "DejaVu Sans Mono", monospace; font-size: 12px; }
.meta { color: var(--muted); display: flex; flex-wrap: wrap; gap: 6px 14px; align-items: center; }
.chip { display: inline-block; padding: 1px 8px; border-radius: 10px; background: #e9edf2; font-size: 12px; margin-right: 4px; }
.status-completed { color: #1e7a34; } .status-failed { color: #c62828; } .status-running { color: #1f5fa8; }
.status-interrupted, .status-lost { color: #a15c00; } .status-pruned { color: #6b4fa0; } .status-queued { color: var(--muted); }
.chip.status-completed { background: #e3f4e6; } .chip.status-failed { background: #fbe4e4; } .chip.status-running { background: #e1ecf9; }
.chip.status-interrupted, .chip.status-lost { background: #fbefdc; } .chip.status-pruned { background: #ece6f6; }
#live { color: #1f5fa8; } #live .dot { display: inline-block; width: 8px; height: 8px; border-radius: 4px; background: #2e7de0; margin-right: 4px; animation: pulse 1.6s infinite; }
@keyframes pulse { 50% { opacity: 0.3; } }
nav { position: sticky; top: 0; z-index: 2; background: var(--panel); border-bottom: 1px solid var(--line); padding: 8px 20px;
      display: flex; flex-wrap: wrap; gap: 8px 18px; align-items: center; }
nav label { display: inline-flex; gap: 6px; align-items: center; }
nav input[type=search] { width: 320px; padding: 3px 6px; }
main { padding: 12px 20px 40px; display: grid; gap: 18px; }
section { border: 1px solid var(--line); border-radius: 6px; padding: 12px 14px; min-width: 0; }
.two { display: grid; grid-template-columns: minmax(0, 1fr) minmax(0, 1fr); gap: 18px; border: 0; padding: 0; }
.two > div { border: 1px solid var(--line); border-radius: 6px; padding: 12px 14px; min-width: 0; }
@media (max-width: 1100px) { .two { grid-template-columns: minmax(0, 1fr); } }
.chart { position: relative; width: 100%; }
.chart-svg { display: block; max-width: 100%; }
.chart-svg text { font-size: 11px; fill: var(--muted); }
.chart-svg .axis-label { fill: var(--fg); font-size: 12px; }
.chart-svg .grid { stroke: #eef1f4; } .chart-svg .tick { stroke: #9aa3ae; } .chart-svg .frame { fill: none; stroke: #c5ccd5; }
.chart-svg .curve { fill: none; stroke-linejoin: round; stroke-linecap: round; }
.chart-svg .curve:hover { stroke-width: 3.5; stroke-opacity: 1; }
.chart-svg .band { opacity: 0.18; stroke: none; }
.chart-svg .empty { font-size: 14px; fill: var(--muted); }
.chart-svg .pc-line { fill: none; stroke-width: 1.3; stroke-opacity: 0.7; cursor: pointer; }
.chart-svg .pc-line:hover, .chart-svg .pc-line.selected { stroke-width: 3.5; stroke-opacity: 1; stroke: #111 !important; }
.chart-svg .pc-axis { stroke: #555; } .chart-svg .pc-tick { font-size: 10px; fill: #333; paint-order: stroke; stroke: #fff; stroke-width: 3px; }
.readout { position: absolute; top: 14px; right: 20px; background: rgba(255,255,255,0.92); font-size: 12px; pointer-events: none; max-width: 55%; }
.readout:empty { display: none; } .readout > div { white-space: nowrap; overflow: hidden; text-overflow: ellipsis; } .readout-x { color: var(--muted); }
.legend { margin-top: 6px; display: flex; flex-wrap: wrap; gap: 2px 14px; font-size: 12px; color: var(--muted); max-height: 90px; overflow: auto; }
.swatch { display: inline-block; width: 10px; height: 10px; border-radius: 2px; margin-right: 5px; vertical-align: -1px; }
.table-wrap { overflow: auto; max-height: 560px; border: 1px solid var(--line); }
table { border-collapse: collapse; font-size: 12.5px; }
th, td { padding: 3px 8px; border-bottom: 1px solid #edf0f3; text-align: left; white-space: nowrap; }
th { background: #f1f4f7; position: sticky; top: 0; cursor: pointer; user-select: none; font-weight: 600; }
th.chosen { background: #e2ecf7; }
.num { text-align: right; font-variant-numeric: tabular-nums; }
tbody tr:hover { background: #f5f9fd; cursor: pointer; }
tr.best { background: #fff7d6; } tr.best:hover { background: #fff1bd; }
tr.selected { outline: 2px solid var(--accent); outline-offset: -2px; }
.star { color: #d19a00; }
.note { color: var(--muted); margin: 6px 0; }
#count { color: var(--muted); margin: 0 0 6px; }
table.ablation caption { caption-side: top; text-align: left; color: var(--muted); padding-bottom: 6px; white-space: normal; }
table.ablation th { cursor: default; position: static; }
pre { background: var(--panel); padding: 8px; overflow: auto; }
"""#
}
