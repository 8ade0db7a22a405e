/* Brug key figures: two small charts per month, drawn with uPlot from the numbers in the page.
   Without this script the page still has the same numbers in its tables. */
(function () {
  "use strict";
  var source = document.getElementById("figures-data");
  if (!source || typeof uPlot === "undefined") { return; }
  var data = JSON.parse(source.textContent);
  var times = data.months.map(function (iso) { return Date.parse(iso + "T00:00:00Z") / 1000; });
  var rtl = document.documentElement.dir === "rtl";

  function draw(id, label, values, colour) {
    var box = document.getElementById(id);
    if (!box || times.length === 0) { return; }
    var options = {
      width: Math.max(box.clientWidth, 280),
      height: 220,
      legend: { show: false },
      cursor: { drag: { x: false, y: false } },
      scales: { x: { time: true, dir: rtl ? -1 : 1 } },
      axes: [{ space: 60 }, { size: 50 }],
      series: [{}, { label: label, stroke: colour, fill: colour + "33", width: 2,
                     points: { show: times.length < 40 } }]
    };
    var chart = new uPlot(options, [times, values], box);
    window.addEventListener("resize", function () {
      chart.setSize({ width: Math.max(box.clientWidth, 280), height: 220 });
    });
  }

  draw("chart-registrations", data.labels.registrations, data.registrations, "#1d5fa8");
  draw("chart-days", data.labels.days, data.days, "#2e7d32");
}());
