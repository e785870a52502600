/** The synthetic demo chain: stores, products, suppliers and daily POS/ERP files written into a drop folder. */
package io.stockroom.demo;
