/* 社会组织党建工作平台: the little JavaScript the pages need (no inline scripts: CSP script-src 'self').
 * - charts: an element with data-chart="<kind>" data-source="<id of a json_script block>" becomes an ECharts chart;
 * - forms with data-confirm="<question>" ask before they submit;
 * - everything else is htmx attributes in the templates. */
(function () {
  "use strict";

  var PALETTE = ["#b3191f", "#1d5fa8", "#d99a00", "#1f7a3a", "#7b3fa0", "#00838f", "#6d4c41", "#c2185b",
    "#455a64", "#ef6c00", "#2e7d32", "#5e35b1", "#0277bd", "#8d6e63", "#ad1457", "#00695c"];
  var SUPPRESSED = "数据过少不公开";
  var charts = [];

  function percentAxis(zoom) {
    var axis = { type: "value", min: 0, max: 100, axisLabel: { formatter: "{value}%" }, splitLine: { lineStyle: { color: "#eceef1" } } };
    if (zoom) {
      // Trends: up to the next 10% above the highest value, so that small changes show.
      axis.max = function (extent) { return Math.min(100, Math.ceil((extent.max + 5) / 10) * 10); };
    }
    return axis;
  }

  function timeAxis() {
    return { type: "time", axisLabel: { formatter: "{yyyy}-{MM}-{dd}", hideOverlap: true } };
  }

  function pairs(dates, values) {
    return values.map(function (value, i) { return [dates[i], value]; });
  }

  function percentTooltip(params) {
    var list = Array.isArray(params) ? params : [params];
    var lines = [list[0].axisValueLabel || list[0].name];
    list.forEach(function (p) {
      var value = Array.isArray(p.value) ? p.value[1] : p.value;
      var suppressed = p.data && typeof p.data === "object" && p.data.suppressed;
      var text = suppressed ? SUPPRESSED : (value === null || value === undefined || value === "-" ? "—" : value + "%");
      lines.push(p.marker + p.seriesName + "：" + text);
    });
    return lines.join("<br>");
  }

  function base(extra) {
    var option = {
      color: PALETTE,
      textStyle: { fontFamily: "Noto Sans CJK SC, Source Han Sans SC, PingFang SC, Microsoft YaHei, sans-serif" },
      grid: { left: 48, right: 24, top: 40, bottom: 40, containLabel: true },
      tooltip: { trigger: "axis", formatter: percentTooltip },
      legend: { top: 4, type: "scroll" },
      animationDuration: 300
    };
    Object.keys(extra).forEach(function (key) { option[key] = extra[key]; });
    return option;
  }

  function targetLine(value, label) {
    if (value === null || value === undefined) { return undefined; }
    return { symbol: "none", silent: true, lineStyle: { type: "dashed", color: "#1f2328" },
      label: { formatter: label || (value + "%"), position: "insideEndTop" }, data: [{ yAxis: value }] };
  }

  var builders = {
    // Dashboard: organizational and work coverage by city, now.
    "city-coverage": function (d) {
      if (!d.cities || !d.cities.length) { return null; }
      return base({
        xAxis: { type: "category", data: d.cities.map(function (c) { return c.name; }), axisLabel: { interval: 0, rotate: d.cities.length > 8 ? 35 : 0 } },
        yAxis: percentAxis(),
        series: [
          { name: "党的组织覆盖率", type: "bar", data: d.cities.map(function (c) { return c.org; }), barMaxWidth: 26 },
          { name: "党的工作覆盖率", type: "bar", data: d.cities.map(function (c) { return c.work; }), barMaxWidth: 26 }
        ]
      });
    },
    // Dashboard: the scope's coverage over time, with the province's target.
    "trend-overall": function (d) {
      var t = d.trend;
      if (!t || !t.dates.length) { return null; }
      var series = t.overall.map(function (line, i) {
        var s = { name: line.name, type: "line", data: pairs(t.dates, line.values), showSymbol: t.dates.length < 40, connectNulls: true };
        if (i === t.overall.length - 1 && t.target !== null) { s.markLine = targetLine(t.target, t.target_label); }
        return s;
      });
      return base({ xAxis: timeAxis(), yAxis: percentAxis(true), series: series });
    },
    // Dashboard: organizational coverage of each city over time.
    "trend-cities": function (d) {
      var t = d.trend;
      if (!t || !t.dates.length || !t.cities.length) { return null; }
      return base({
        xAxis: timeAxis(), yAxis: percentAxis(true),
        series: t.cities.map(function (line) {
          return { name: line.name, type: "line", data: pairs(t.dates, line.values), showSymbol: false, connectNulls: true };
        })
      });
    },
    // National: one rate by province (or by group, a series per province). Suppressed bars stay empty.
    "national-bars": function (d) {
      var b = d.bars;
      if (!b || !b.labels.length) { return null; }
      return base({
        xAxis: { type: "category", data: b.labels, axisLabel: { interval: 0, rotate: b.labels.length > 6 ? 30 : 0 } },
        yAxis: percentAxis(),
        series: b.series.map(function (s) {
          return {
            name: s.name, type: "bar", barMaxWidth: 36,
            data: s.values.map(function (v, i) { return { value: v, suppressed: s.suppressed[i] }; }),
            label: { show: true, position: "top", formatter: function (p) {
              return p.data.suppressed ? SUPPRESSED : (p.value === null || p.value === undefined ? "" : p.value + "%");
            } }
          };
        })
      });
    },
    // National: a rate of each province at the end of each month.
    "national-trend": function (d) {
      var t = d.trend;
      if (!t || !t.dates.length) { return null; }
      return base({
        xAxis: timeAxis(), yAxis: percentAxis(true),
        series: t.series.map(function (s) {
          return { name: s.name, type: "line", connectNulls: false,
            data: s.values.map(function (v, i) { return { value: [t.dates[i], v], suppressed: s.suppressed[i] }; }) };
        })
      });
    }
  };

  function sourceOf(element) {
    var source = document.getElementById(element.getAttribute("data-source"));
    return source ? JSON.parse(source.textContent) : null;
  }

  function initCharts(root) {
    var elements = (root || document).querySelectorAll("[data-chart]");
    Array.prototype.forEach.call(elements, function (element) {
      if (element.getAttribute("data-ready")) { return; }
      element.setAttribute("data-ready", "1");
      var build = builders[element.getAttribute("data-chart")];
      var option = build && window.echarts ? build(sourceOf(element) || {}) : null;
      if (!option) {
        var empty = document.createElement("p");
        empty.className = "empty";
        empty.textContent = element.getAttribute("data-empty") || "暂无数据";
        element.classList.remove("chart");
        element.appendChild(empty);
        return;
      }
      var chart = window.echarts.init(element, null, { renderer: "canvas" });
      chart.setOption(option);
      charts.push(chart);
    });
  }

  var resizeTimer = null;
  window.addEventListener("resize", function () {
    clearTimeout(resizeTimer);
    resizeTimer = setTimeout(function () { charts.forEach(function (chart) { chart.resize(); }); }, 120);
  });

  document.addEventListener("submit", function (event) {
    var question = event.target.getAttribute && event.target.getAttribute("data-confirm");
    if (question && !window.confirm(question)) { event.preventDefault(); }
  }, true);

  // On a phone the menu is a row that scrolls sideways: bring the active item into view.
  function showActiveMenuItem() {
    var items = document.querySelectorAll(".sidenav a[aria-current='page'], .tabs a[aria-current='page']");
    Array.prototype.forEach.call(items, function (active) {
      var bar = active.closest(".sidenav") || active.closest(".tabs");
      if (bar && bar.scrollWidth > bar.clientWidth) {
        var left = active.getBoundingClientRect().left - bar.getBoundingClientRect().left + bar.scrollLeft;
        bar.scrollLeft = left - (bar.clientWidth - active.offsetWidth) / 2;
      }
    });
  }

  // The number of members ticked in an attendance list.
  document.addEventListener("change", function (event) {
    var box = event.target;
    if (!box || box.type !== "checkbox" || !box.name) { return; }
    var counter = document.querySelector("output[data-count-of='" + box.name + "']");
    if (counter) {
      counter.textContent = document.querySelectorAll("input[name='" + box.name + "']:checked").length;
    }
  });

  document.addEventListener("DOMContentLoaded", function () { initCharts(document); showActiveMenuItem(); });
  document.addEventListener("htmx:afterSettle", function (event) { initCharts(event.target); });
})();
