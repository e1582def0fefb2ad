// Draws the dashboard's charts with the vendored ECharts from the data in the page's
// json_script (no inline scripts under the content security policy). Every bar, point and
// slice opens the filtered list behind it. Without ECharts the tables stay.
(function () {
  "use strict";

  function chartOption(chart, dark) {
    var text = dark ? "#e9ecef" : "#212529";
    var names = chart.series.length ? chart.series[0].points.map(function (p) { return p.name; }) : [];
    var base = {
      textStyle: { color: text },
      // Tooltips drawn on the canvas (richText): the HTML ones carry inline styles, which the
      // content security policy refuses.
      tooltip: { trigger: chart.kind === "pie" ? "item" : "axis", confine: true, renderMode: "richText" },
      legend: { show: chart.series.length > 1 || chart.kind === "pie", textStyle: { color: text }, type: "scroll", bottom: 0 },
      grid: { left: 8, right: 12, top: 16, bottom: chart.series.length > 1 ? 40 : 24, containLabel: true },
      animation: !dark,
      backgroundColor: "transparent",
    };
    if (chart.kind === "pie") {
      base.series = [{
        type: "pie",
        radius: ["35%", "65%"],
        label: { color: text, formatter: "{b}: {c}" },
        data: chart.series[0].points.map(function (p) { return { name: p.name, value: p.value, url: p.url }; }),
      }];
      return base;
    }
    base.xAxis = { type: "category", data: names, axisLabel: { color: text, hideOverlap: true } };
    base.yAxis = { type: "value", axisLabel: { color: text, formatter: chart.percent ? "{value}%" : "{value}" } };
    base.series = chart.series.map(function (s) {
      return {
        name: s.name,
        type: chart.kind,
        smooth: chart.kind === "line",
        data: s.points.map(function (p) { return { value: p.value, url: p.url }; }),
      };
    });
    return base;
  }

  function draw() {
    var source = document.getElementById("dashboard-charts");
    if (!source || typeof window.echarts === "undefined") {
      return;
    }
    var charts = JSON.parse(source.textContent);
    var dark = document.body.classList.contains("dashboard-screen");
    var drawn = [];
    charts.forEach(function (chart) {
      var node = document.querySelector('[data-chart="' + chart.key + '"]');
      if (!node) {
        return;
      }
      var instance = window.echarts.init(node, dark ? "dark" : null, { renderer: "canvas" });
      instance.setOption(chartOption(chart, dark));
      instance.on("click", function (params) {
        var url = params.data && params.data.url;
        if (url) {
          window.location.assign(url);
        }
      });
      node.classList.add("is-drawn");
      drawn.push(instance);
    });
    window.addEventListener("resize", function () {
      drawn.forEach(function (instance) { instance.resize(); });
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();
