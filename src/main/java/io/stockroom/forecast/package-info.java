/**
 * Demand forecasting: the methods (moving average, seasonal naive, Holt-Winters additive with optional damped trend,
 * Croston, SBA, TSB), the RMSSE error measure, per-series method choice by rolling-origin backtest, promotion uplift
 * per series and weekday (shrunk toward the category's), and the benchmark on real data (docs/forecast.md).
 */
package io.stockroom.forecast;
