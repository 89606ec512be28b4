/* Insights charts: reads each chart's data from a json_script block and draws it with
 * ECharts (our own static copy). No inline scripts; tooltips are drawn in the canvas
 * (renderMode "richText"), so no inline style attribute is ever needed (CSP). */
(function () {
  "use strict";

  function readJson(id) {
    var node = document.getElementById(id);
    return node ? JSON.parse(node.textContent) : null;
  }

  var TOOLTIP = { trigger: "axis", renderMode: "richText" };
  var COLORS = ["#1f6f8b", "#e07a5f", "#81b29a", "#f2cc8f"];

  function optionFor(data) {
    if (data.kind === "gap") {
      return {
        color: COLORS,
        tooltip: TOOLTIP,
        legend: { data: [data.names.demand, data.names.supply] },
        grid: { left: 8, right: 16, bottom: 8, top: 32, containLabel: true },
        xAxis: { type: "value" },
        yAxis: { type: "category", data: data.labels.slice().reverse() },
        series: [
          { name: data.names.demand, type: "bar", data: data.demand.slice().reverse() },
          { name: data.names.supply, type: "bar", data: data.supply.slice().reverse() },
        ],
      };
    }
    if (data.kind === "line") {
      return {
        color: COLORS,
        tooltip: TOOLTIP,
        grid: { left: 8, right: 16, bottom: 8, top: 16, containLabel: true },
        xAxis: { type: "category", data: data.labels },
        yAxis: { type: "value", minInterval: 1 },
        series: [{ type: "line", data: data.values }],
      };
    }
    return {
      color: COLORS,
      tooltip: TOOLTIP,
      grid: { left: 8, right: 16, bottom: 8, top: 16, containLabel: true },
      xAxis: { type: "value", minInterval: 1 },
      yAxis: { type: "category", data: data.labels.slice().reverse() },
      series: [{ type: "bar", data: data.values.slice().reverse() }],
    };
  }

  function drawCharts(root) {
    root.querySelectorAll("[data-chart]").forEach(function (node) {
      var data = readJson(node.getAttribute("data-chart"));
      if (!data || !data.labels || !data.labels.length || !window.echarts) {
        return;
      }
      var chart = window.echarts.init(node, null, { renderer: "canvas" });
      chart.setOption(optionFor(data));
      node.setAttribute("data-rendered", "true");
      window.addEventListener("resize", function () { chart.resize(); });
    });
  }

  /* The world map is drawn only when asked for (borders are politically sensitive): the
   * tile/bar view is the default, and the GeoJSON is fetched on first use. */
  var mapChart = null;

  function drawMap(container) {
    if (mapChart) { mapChart.resize(); return; }
    var data = readJson(container.getAttribute("data-world"));
    fetch(container.getAttribute("data-geo-url"))
      .then(function (response) { return response.json(); })
      .then(function (geo) {
        window.echarts.registerMap("corridor-world", geo);
        var measure = container.getAttribute("data-measure") || "headcount";
        var values = data.countries.map(function (c) {
          return { name: c.country, value: c[measure] || 0, label: c.name };
        });
        var max = values.reduce(function (m, v) { return Math.max(m, v.value); }, 1);
        mapChart = window.echarts.init(container, null, { renderer: "canvas" });
        mapChart.setOption({
          tooltip: {
            trigger: "item",
            renderMode: "richText",
            formatter: function (p) {
              return (p.data && p.data.label ? p.data.label : p.name) + ": " + (isNaN(p.value) ? 0 : p.value);
            },
          },
          visualMap: { min: 0, max: max, left: 8, bottom: 8, calculable: true,
                       inRange: { color: ["#e8f1f5", "#1f6f8b"] } },
          series: [{ type: "map", map: "corridor-world", roam: true,
                     name: data.labels[measure], data: values }],
        });
        container.setAttribute("data-rendered", "true");
        window.addEventListener("resize", function () { mapChart.resize(); });
      });
  }

  function setupSwitch(root) {
    root.querySelectorAll("[data-view-switch]").forEach(function (group) {
      var target = document.getElementById(group.getAttribute("data-view-switch"));
      group.querySelectorAll("button[data-view]").forEach(function (button) {
        button.addEventListener("click", function () {
          var view = button.getAttribute("data-view");
          group.querySelectorAll("button[data-view]").forEach(function (b) {
            b.setAttribute("aria-pressed", b === button ? "true" : "false");
          });
          target.querySelectorAll("[data-view-panel]").forEach(function (panel) {
            panel.hidden = panel.getAttribute("data-view-panel") !== view;
          });
          if (view === "map") {
            drawMap(target.querySelector("[data-world]"));
          }
        });
      });
    });
  }

  /* Tile bars: widths set through the CSS object model (allowed by the CSP). */
  function sizeBars(root) {
    root.querySelectorAll("[data-bar-value]").forEach(function (bar) {
      var max = parseFloat(bar.getAttribute("data-bar-max")) || 1;
      var value = parseFloat(bar.getAttribute("data-bar-value")) || 0;
      bar.style.width = Math.max(2, Math.round((100 * value) / max)) + "%";
    });
  }

  function start() {
    sizeBars(document);
    drawCharts(document);
    setupSwitch(document);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
