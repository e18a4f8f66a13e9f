// Line plots as PNG files: a Vega-Lite spec rendered to SVG by vega, rasterized by resvg.
// (The examples' stand-in for matplotlib's plt.plot / plt.savefig.)
import { writeFileSync, mkdirSync } from "node:fs";
import { dirname } from "node:path";
import * as vega from "vega";
import * as vl from "vega-lite";
import { Resvg } from "@resvg/resvg-js";

/** One named series of y values over x values (x defaults to 0, 1, 2, ...). */
export interface Series {
  name: string;
  y: number[];
  x?: number[];
}

export interface PlotOptions {
  title?: string;
  xlabel?: string;
  ylabel?: string;
  width?: number;
  height?: number;
}

/** Draws the series as lines and writes a PNG to `path` (folders made as needed). */
export async function save_line_plot(path: string, series: Series[], options: PlotOptions = {}): Promise<void> {
  const values = series.flatMap((s) => s.y.map((y, i) => ({ series: s.name, x: s.x ? s.x[i] : i, y })));
  const spec: vl.TopLevelSpec = {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    title: options.title ?? "",
    width: options.width ?? 640,
    height: options.height ?? 360,
    background: "white",
    data: { values },
    mark: { type: "line", point: values.length <= 60 },
    encoding: {
      x: { field: "x", type: "quantitative", title: options.xlabel ?? "step" },
      y: { field: "y", type: "quantitative", title: options.ylabel ?? "loss", scale: { zero: false } },
      color: { field: "series", type: "nominal", title: null },
    },
  };
  const view = new vega.View(vega.parse(vl.compile(spec).spec), { renderer: "none" });
  const svg = await view.toSVG();
  view.finalize();
  const png = new Resvg(svg, { font: { loadSystemFonts: true }, fitTo: { mode: "zoom", value: 2 } }).render().asPng();
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, png);
}
