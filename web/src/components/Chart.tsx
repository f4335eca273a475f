/**
 * A chart, drawn by ECharts once its chunk (most of the dashboard's weight) has loaded: the
 * figures around it show first, so the dashboard's content does not wait for the chart library.
 */
import { lazy, Suspense } from 'react';

const EChart = lazy(() => import('./EChart'));

/** ECharts options (kept loose here so this file does not pull ECharts' types into the main chunk). */
export type ChartOption = Record<string, unknown>;

export interface ChartProps {
  option: ChartOption;
  label: string;
  height?: number;
  onClick?: (params: { name: string; dataIndex: number; seriesIndex?: number }) => void;
}

export function Chart(props: ChartProps) {
  const height = props.height ?? 240;
  return (
    <Suspense fallback={<div className="chart" role="img" aria-label={props.label} style={{ height }} />}>
      <EChart {...props} height={height} />
    </Suspense>
  );
}

export const PALETTE = { blue: '#1f4e9e', teal: '#0b7a75', amber: '#9a5b00', red: '#b3261e', grey: '#5f6368', light: '#c9d6ee' };
