/** Tables as files a spreadsheet opens: XLSX workbooks written with fastexcel (numbers stay numbers, text never runs as a formula). */
package io.stockroom.export;
