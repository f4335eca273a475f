/**
 * An ECharts chart (loaded on its own through Chart.tsx). ECharts over uPlot or hand-made SVG: the dashboard needs bars, lines, a funnel,
 * a Pareto (bars with a cumulative line on a second axis), click-through on any mark and tooltips,
 * all of which ECharts has built in; importing only those parts from `echarts/core` with the SVG
 * renderer keeps the chunk to what is used, and it loads after the dashboard's figures are shown.
 * Each chart has a text alternative (`label`), and the numbers are also in a table or link nearby.
 */
import { BarChart, FunnelChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, MarkLineComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';

echarts.use([BarChart, LineChart, FunnelChart, GridComponent, TooltipComponent, LegendComponent, MarkLineComponent, SVGRenderer]);

export default function EChart({ option, label, height = 240, onClick }: { option: echarts.EChartsCoreOption; label: string; height?: number; onClick?: (params: { name: string; dataIndex: number; seriesIndex?: number }) => void }) {
  const element = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  const click = useRef(onClick);
  click.current = onClick;

  useEffect(() => {
    if (!element.current) return;
    const instance = echarts.init(element.current, undefined, { renderer: 'svg' });
    chart.current = instance;
    instance.on('click', (params) => click.current?.(params as unknown as { name: string; dataIndex: number; seriesIndex?: number }));
    const resize = new ResizeObserver(() => instance.resize());
    resize.observe(element.current);
    return () => {
      resize.disconnect();
      instance.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    chart.current?.setOption({ animation: false, textStyle: { fontFamily: 'inherit' }, ...option }, true);
  }, [option]);

  return <div ref={element} className="chart" role="img" aria-label={label} style={{ height }} />;
}
