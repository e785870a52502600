/** E-commerce and operations analytics: customers, cohorts, fulfilment, customer service, growth, supplier performance. */
package io.stockroom.online;
