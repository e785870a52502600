/** SLA alerts: when a dataset's deadline passes without complete data, tell people (e-mail, webhook, the Quality page), once. */
package io.stockroom.alerting;
