/** Planogram: fixtures, placements and displays of each store, their editing with an audit trail, completeness, space productivity and display lift. */
package io.stockroom.planogram;
