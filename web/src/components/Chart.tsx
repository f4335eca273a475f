/**
 * A chart, drawn by ECharts once its chunk (most of the dashboard's weight) has loaded. Until then
 * an empty box of the same size holds its place. Loaded with a plain import() and state rather
 * than React.lazy: a component that suspends held back the whole dashboard (the figures waited
 * for the 570 kB chunk, measured with bench/web-pages.ts), while this way the figures show first.
 */
import { useEffect, useState, type ComponentType } from 'react';

/** ECharts options (kept loose here so this file does not pull ECharts' types into the main chunk). */
export type ChartOption = Record<string, unknown>;

export interface ChartProps {
  option: ChartOption;
  label: string;
  height?: number;
  onClick?: (params: { name: string; dataIndex: number; seriesIndex?: number }) => void;
}

let loaded: ComponentType<ChartProps & { height: number }> | undefined;
let loading: Promise<void> | undefined;

function loadEChart(): Promise<void> {
  loading ??= import('./EChart').then((m) => {
    loaded = m.default as ComponentType<ChartProps & { height: number }>;
  });
  return loading;
}

export function Chart(props: ChartProps) {
  const height = props.height ?? 240;
  const [EChart, setEChart] = useState(() => loaded);
  useEffect(() => {
    if (EChart) return;
    let live = true;
    void loadEChart().then(() => {
      if (live) setEChart(() => loaded);
    });
    return () => {
      live = false;
    };
  }, [EChart]);
  if (!EChart) return <div className="chart" role="img" aria-label={props.label} style={{ height }} />;
  return <EChart {...props} height={height} />;
}

export const PALETTE = { blue: '#1f4e9e', teal: '#0b7a75', amber: '#9a5b00', red: '#b3261e', grey: '#5f6368', light: '#c9d6ee' };
