import Foundation

/// The report as one self-contained HTML file: its data (JSON), script and styles are inside, so
/// it opens from disk with no network and no server, and can be mailed or attached.
public enum ReportPage {
    public static func html(_ data: ReportData) -> String {
        // `</` inside the JSON would end the script element early; `<\/` reads back the same.
        let json = data.json().replacingOccurrences(of: "</", with: "<\\/")
        let title = HTML.escape(data.title)
        return """
            <!doctype html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <meta name="generator" content="Ablate generate_report">
            <title>\(title) · Ablate report</title>
            <style>
            \(style)
            </style>
            </head>
            <body>
            <header>
            <h1>\(title)</h1>
            <div class="meta"><span id="selection"></span><span id="generated"></span><span id="statuses"></span>
            <span id="live" hidden><span class="dot"></span><span id="live-text"></span> <label><input type="checkbox" id="pause"> pause</label></span></div>
            </header>
            <nav>
            <label>metric <select id="metric"></select></label>
            <label>x <select id="xaxis"><option value="step">step</option><option value="epoch">epoch</option></select></label>
            <label>smoothing <input type="range" id="smoothing" min="0" max="0.99" step="0.01"> <span id="smoothing-value"></span></label>
            <label><input type="checkbox" id="group-seeds"> seeds as mean ± std</label>
            <label>filter <input type="search" id="filter" placeholder="text, status=failed, lr=0.01, val/acc>0.9"></label>
            </nav>
            <main>
            <section><h2>Curves</h2><div class="chart" id="curves"></div><div class="legend" id="legend"></div></section>
            <section><h2>Runs</h2><p id="count"></p><div class="table-wrap"><table id="runs"></table></div></section>
            <section><h2>Parallel coordinates</h2><div class="chart" id="parallel"></div></section>
            <div class="two">
            <div><h2>Best so far</h2><div class="chart" id="study"></div></div>
            <div><h2>Train vs val</h2><select id="tv-run"></select> <select id="tv-pair"></select><div class="chart" id="trainval"></div>
            <div class="table-wrap"><table id="tv-table"></table></div></div>
            </div>
            <section><h2>Ablation table</h2><p class="note">As <code id="ablation-command"></code> computes it.</p>
            <div id="ablation"></div>
            <details><summary>markdown</summary><button type="button" id="copy-md">copy</button><pre id="ablation-md"></pre></details></section>
            </main>
            <script type="application/json" id="report-data">\(json)</script>
            <script>
            \(script)
            </script>
            </body>
            </html>

            """
    }
}
