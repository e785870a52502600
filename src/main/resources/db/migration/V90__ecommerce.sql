-- E-commerce and operations datasets (issue 13): customers, costs (master), shipments, support conversations,
-- marketing spend, web sessions and supplier receipts (facts). Portable SQL; keys of facts are enforced by validation.

-- customers: one row per customer id. email, name and phone are personal data (marked in the contract; the GDPR export
-- lists them, erasure clears them). With no customers file the customer marts derive customers from the orders.
CREATE TABLE IF NOT EXISTS customers (
    customer_id     VARCHAR PRIMARY KEY,
    email           VARCHAR,
    name            VARCHAR,
    phone           VARCHAR,
    registered_on   DATE,
    segment         VARCHAR,              -- the retailer's own segment name (VIP, trade, ...)
    country         VARCHAR,
    region          VARCHAR,
    feed_id         VARCHAR,
    updated_at      TIMESTAMP
);

-- costs: a product's unit cost from a date on (production or landed); COGS uses the cost valid on the sale's date and
-- falls back to products.unit_cost.
CREATE TABLE IF NOT EXISTS costs (
    sku             VARCHAR NOT NULL,
    valid_from      DATE NOT NULL,
    valid_to        DATE,                 -- NULL = until the next cost of the SKU
    unit_cost       DECIMAL(14,4) NOT NULL,
    cost_type       VARCHAR,
    feed_id         VARCHAR,
    updated_at      TIMESTAMP,
    PRIMARY KEY (sku, valid_from)
);

CREATE TABLE IF NOT EXISTS shipments (
    shipment_id     VARCHAR NOT NULL,
    order_id        VARCHAR NOT NULL,
    promised_date   DATE NOT NULL,
    business_date   DATE NOT NULL,        -- = promised_date: stable while the shipment's status changes
    shipped_at      TIMESTAMP,
    delivered_at    TIMESTAMP,
    carrier         VARCHAR,
    status          VARCHAR,
    issue_type      VARCHAR,
    feed_id         VARCHAR NOT NULL,
    load_seq        BIGINT
);

CREATE TABLE IF NOT EXISTS support_conversations (
    conversation_id            VARCHAR NOT NULL,
    customer_id                VARCHAR,
    order_id                   VARCHAR,
    opened_at                  TIMESTAMP NOT NULL,
    business_date              DATE NOT NULL,
    first_response_at          TIMESTAMP,
    resolved_at                TIMESTAMP,
    priority                   VARCHAR,
    channel                    VARCHAR,
    sentiment                  VARCHAR,
    escalated                  BOOLEAN NOT NULL,
    sla_first_response_minutes INTEGER NOT NULL,
    agent                      VARCHAR,
    feed_id                    VARCHAR NOT NULL,
    load_seq                   BIGINT
);

CREATE TABLE IF NOT EXISTS marketing_spend (
    business_date   DATE NOT NULL,
    channel         VARCHAR NOT NULL,
    spend           DECIMAL(14,2) NOT NULL,
    feed_id         VARCHAR NOT NULL,
    load_seq        BIGINT
);

CREATE TABLE IF NOT EXISTS web_sessions (
    business_date   DATE NOT NULL,
    channel         VARCHAR NOT NULL,
    sessions        BIGINT NOT NULL,
    visitors        BIGINT,
    feed_id         VARCHAR NOT NULL,
    load_seq        BIGINT
);

CREATE TABLE IF NOT EXISTS receipts (
    po_id              VARCHAR NOT NULL,
    sku                VARCHAR NOT NULL,
    store_id           VARCHAR NOT NULL,
    supplier_id        VARCHAR,
    ordered_date       DATE,
    promised_date      DATE,
    received_date      DATE NOT NULL,
    business_date      DATE NOT NULL,     -- = received_date
    quantity_ordered   DECIMAL(14,3),
    quantity_received  DECIMAL(14,3) NOT NULL,
    feed_id            VARCHAR NOT NULL,
    load_seq           BIGINT
);
