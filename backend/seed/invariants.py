"""Whole-database consistency checks, as plain SQL aggregates (fast on 100k orders).

`check_invariants(session)` returns one readable line per violation, or [] when the
data obeys the rules of DESIGN.md: the stock ledger sums to the balances, nothing is
reserved that is not allocated, the books balance, documents add up and serials are
where their shipments say they are. Tests, the demo seed and the scale seed use it.
"""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

# Violations reported per check, so a broken 100k-row database gives a readable answer.
MAX_PER_CHECK = 20

_MOVES_PER_BALANCE = """
    SELECT w.code AS warehouse, l.lot_number AS lot, v.on_hand, v.moved
    FROM (
        SELECT coalesce(b.warehouse_id, m.warehouse_id) AS warehouse_id,
               coalesce(b.lot_id, m.lot_id) AS lot_id,
               coalesce(b.on_hand, 0) AS on_hand, coalesce(m.quantity, 0) AS moved
        FROM stock_balances b
        FULL JOIN (SELECT warehouse_id, lot_id, sum(quantity) AS quantity
                   FROM stock_moves GROUP BY warehouse_id, lot_id) m
          ON m.warehouse_id = b.warehouse_id AND m.lot_id = b.lot_id
    ) v
    JOIN warehouses w ON w.id = v.warehouse_id JOIN lots l ON l.id = v.lot_id
    WHERE v.on_hand <> v.moved
"""

_RESERVED_PER_BALANCE = """
    SELECT w.code AS warehouse, l.lot_number AS lot, v.reserved, v.allocated
    FROM (
        SELECT coalesce(b.warehouse_id, a.warehouse_id) AS warehouse_id,
               coalesce(b.lot_id, a.lot_id) AS lot_id,
               coalesce(b.reserved, 0) AS reserved, coalesce(a.quantity, 0) AS allocated
        FROM stock_balances b
        FULL JOIN (SELECT warehouse_id, lot_id, sum(quantity) AS quantity
                   FROM (SELECT warehouse_id, lot_id, quantity FROM allocations
                         -- work orders hold components as reservations too
                         UNION ALL SELECT warehouse_id, lot_id, quantity
                         FROM work_order_reservations) held
                   GROUP BY warehouse_id, lot_id) a
          ON a.warehouse_id = b.warehouse_id AND a.lot_id = b.lot_id
    ) v
    JOIN warehouses w ON w.id = v.warehouse_id JOIN lots l ON l.id = v.lot_id
    WHERE v.reserved <> v.allocated
"""

_NEGATIVE_BALANCES = """
    SELECT w.code AS warehouse, l.lot_number AS lot, b.on_hand, b.reserved
    FROM stock_balances b JOIN warehouses w ON w.id = b.warehouse_id JOIN lots l ON l.id = b.lot_id
    WHERE b.on_hand < 0 OR b.reserved < 0 OR b.reserved > b.on_hand
"""

_WRONG_PRODUCT = """
    SELECT 'stock balance' AS what, l.lot_number AS lot FROM stock_balances b
    JOIN lots l ON l.id = b.lot_id WHERE b.product_id <> l.product_id
    UNION ALL
    SELECT 'stock move ' || m.id, l.lot_number FROM stock_moves m
    JOIN lots l ON l.id = m.lot_id WHERE m.product_id <> l.product_id
    UNION ALL
    SELECT 'serial ' || s.serial_number, l.lot_number FROM serials s
    JOIN lots l ON l.id = s.lot_id WHERE s.product_id <> l.product_id
"""

_UNBALANCED_ENTRIES = """
    SELECT e.id, e.memo, coalesce(sum(jl.debit), 0) AS debit,
           coalesce(sum(jl.credit), 0) AS credit
    FROM journal_entries e LEFT JOIN journal_lines jl ON jl.entry_id = e.id
    GROUP BY e.id, e.memo
    HAVING coalesce(sum(jl.debit), 0) <> coalesce(sum(jl.credit), 0) OR count(jl.id) = 0
"""

_TRIAL_BALANCE = """
    SELECT sum(debit) AS debit, sum(credit) AS credit FROM journal_lines
    HAVING sum(debit) <> sum(credit)
"""

_LINE_TOTALS = """
    SELECT o.number, ol.line_number, ol.line_total,
           round(ol.quantity * ol.unit_price * (1 - ol.discount_percent / 100), 2) AS expected
    FROM sales_order_lines ol JOIN sales_orders o ON o.id = ol.order_id
    WHERE ol.line_total <> round(ol.quantity * ol.unit_price * (1 - ol.discount_percent / 100), 2)
"""

# Tax is rounded per line, as on the invoice and in the journal.
_ORDER_TOTALS = """
    SELECT o.number, o.subtotal, o.tax_total, o.total,
           coalesce(l.subtotal, 0) AS lines_subtotal, coalesce(l.tax, 0) AS lines_tax
    FROM sales_orders o
    LEFT JOIN (SELECT order_id, sum(line_total) AS subtotal,
                      sum(round(line_total * tax_rate, 2)) AS tax
               FROM sales_order_lines GROUP BY order_id) l ON l.order_id = o.id
    WHERE o.subtotal <> coalesce(l.subtotal, 0) OR o.tax_total <> coalesce(l.tax, 0)
       OR o.total <> o.subtotal + o.tax_total
"""

_INVOICE_TOTALS = """
    SELECT i.number, i.subtotal, i.tax_total, i.total,
           coalesce(l.net, 0) AS lines_net, coalesce(l.tax, 0) AS lines_tax
    FROM invoices i
    LEFT JOIN (SELECT invoice_id, sum(net_amount) AS net, sum(tax_amount) AS tax
               FROM invoice_lines GROUP BY invoice_id) l ON l.invoice_id = i.id
    WHERE i.subtotal <> coalesce(l.net, 0) OR i.tax_total <> coalesce(l.tax, 0)
       OR i.total <> i.subtotal + i.tax_total
"""

_INVOICE_PAYMENTS = """
    SELECT i.number, i.status, i.total, i.amount_paid, coalesce(pa.amount, 0) AS applied
    FROM invoices i
    LEFT JOIN (SELECT a.invoice_id, sum(a.amount) AS amount
               FROM payment_applications a JOIN payments p ON p.id = a.payment_id
               WHERE p.reversed_at IS NULL
               GROUP BY a.invoice_id) pa ON pa.invoice_id = i.id
    -- settled = paid + credited + written off
    WHERE i.amount_paid <> coalesce(pa.amount, 0)
       OR (i.status IN ('PAID', 'CREDITED')
           AND i.amount_paid + i.credited_amount + i.written_off_amount <> i.total)
       OR (i.status = 'CREDITED' AND i.amount_paid <> 0)
       OR (i.status = 'PARTIALLY_PAID' AND NOT (i.amount_paid > 0
           AND i.amount_paid + i.credited_amount + i.written_off_amount < i.total))
       OR (i.status = 'OPEN' AND i.amount_paid <> 0)
"""

_PAYMENT_APPLICATIONS = """
    SELECT p.id, p.reference, p.amount, p.unapplied_amount, coalesce(pa.amount, 0) AS applied
    FROM payments p
    LEFT JOIN (SELECT payment_id, sum(amount) AS amount
               FROM payment_applications GROUP BY payment_id) pa ON pa.payment_id = p.id
    WHERE p.amount <> coalesce(pa.amount, 0) + p.unapplied_amount
"""

_SHIPPED_QUANTITIES = """
    SELECT o.number, ol.line_number, ol.quantity, ol.shipped_quantity,
           coalesce(s.quantity, 0) AS on_shipments
    FROM sales_order_lines ol JOIN sales_orders o ON o.id = ol.order_id
    LEFT JOIN (SELECT sl.order_line_id, sum(sl.quantity) AS quantity
               FROM shipment_lines sl JOIN shipments sh ON sh.id = sl.shipment_id
               WHERE sh.status <> 'CANCELLED' GROUP BY sl.order_line_id) s
      ON s.order_line_id = ol.id
    WHERE ol.shipped_quantity <> coalesce(s.quantity, 0) OR ol.shipped_quantity > ol.quantity
"""

_SHIPMENT_CUSTOMERS = """
    SELECT sh.number, o.number AS order_number FROM shipments sh
    JOIN sales_orders o ON o.id = sh.order_id WHERE sh.customer_id <> o.customer_id
"""

_SHIPMENT_MOVES = """
    SELECT sh.number, coalesce(l.quantity, 0) AS lines, coalesce(-m.quantity, 0) AS moved
    FROM shipments sh
    LEFT JOIN (SELECT shipment_id, sum(quantity) AS quantity
               FROM shipment_lines GROUP BY shipment_id) l ON l.shipment_id = sh.id
    LEFT JOIN (SELECT shipment_id, sum(quantity) AS quantity FROM stock_moves
               WHERE kind = 'SHIPMENT' AND shipment_id IS NOT NULL GROUP BY shipment_id) m
      ON m.shipment_id = sh.id
    WHERE sh.status IN ('SHIPPED', 'DELIVERED')
      AND coalesce(l.quantity, 0) <> coalesce(-m.quantity, 0)
"""

_SERIAL_STATES = """
    SELECT s.serial_number, s.status,
           CASE WHEN s.status IN ('IN_STOCK', 'ALLOCATED') AND s.warehouse_id IS NULL
                     THEN 'is in stock but in no warehouse'
                WHEN s.status = 'SHIPPED' AND s.warehouse_id IS NOT NULL
                     THEN 'is shipped but still in a warehouse'
                WHEN s.status = 'ALLOCATED' AND s.allocation_id IS NULL
                     THEN 'is allocated without an allocation'
                WHEN s.status <> 'ALLOCATED' AND s.allocation_id IS NOT NULL
                     THEN 'holds an allocation it is not allocated to'
                WHEN a.id IS NOT NULL AND (a.lot_id <> s.lot_id OR a.warehouse_id <> s.warehouse_id)
                     THEN 'is allocated from another lot or warehouse'
                ELSE 'is shipped but on no shipment'
           END AS problem
    FROM serials s LEFT JOIN allocations a ON a.id = s.allocation_id
    WHERE (s.status IN ('IN_STOCK', 'ALLOCATED') AND s.warehouse_id IS NULL)
       OR (s.status = 'SHIPPED' AND s.warehouse_id IS NOT NULL)
       OR ((s.status = 'ALLOCATED') <> (s.allocation_id IS NOT NULL))
       OR (a.id IS NOT NULL AND (a.lot_id <> s.lot_id OR a.warehouse_id <> s.warehouse_id))
       OR (s.status = 'SHIPPED' AND NOT EXISTS (
              SELECT 1 FROM shipment_line_serials sls
              JOIN shipment_lines sl ON sl.id = sls.shipment_line_id
              JOIN shipments sh ON sh.id = sl.shipment_id
              WHERE sls.serial_id = s.id AND sh.status IN ('SHIPPED', 'DELIVERED')))
"""

_SHIPPED_SERIAL_COUNTS = """
    SELECT sh.number, sl.id AS line_id, sl.quantity, count(sls.serial_id) AS serials,
           count(*) FILTER (WHERE s.lot_id <> sl.lot_id) AS other_lot
    FROM shipment_lines sl
    JOIN shipments sh ON sh.id = sl.shipment_id
    JOIN products p ON p.id = sl.product_id AND p.tracking_mode = 'SERIAL'
    LEFT JOIN shipment_line_serials sls ON sls.shipment_line_id = sl.id
    LEFT JOIN serials s ON s.id = sls.serial_id
    GROUP BY sh.number, sl.id, sl.quantity
    HAVING count(sls.serial_id) <> sl.quantity OR count(*) FILTER (WHERE s.lot_id <> sl.lot_id) > 0
"""

# For serial-tracked products every unit on hand is a serial in that warehouse and lot.
_SERIALS_ON_HAND = """
    SELECT w.code AS warehouse, l.lot_number AS lot, v.on_hand, v.serials
    FROM (
        SELECT coalesce(b.warehouse_id, s.warehouse_id) AS warehouse_id,
               coalesce(b.lot_id, s.lot_id) AS lot_id,
               coalesce(b.on_hand, 0) AS on_hand, coalesce(s.n, 0) AS serials
        FROM (SELECT b.* FROM stock_balances b JOIN products p ON p.id = b.product_id
              WHERE p.tracking_mode = 'SERIAL') b
        FULL JOIN (SELECT warehouse_id, lot_id, count(*) AS n FROM serials
                   WHERE warehouse_id IS NOT NULL GROUP BY warehouse_id, lot_id) s
          ON s.warehouse_id = b.warehouse_id AND s.lot_id = b.lot_id
    ) v
    JOIN warehouses w ON w.id = v.warehouse_id JOIN lots l ON l.id = v.lot_id
    WHERE v.on_hand <> v.serials
"""

_ALLOCATED_SERIAL_COUNTS = """
    SELECT o.number, ol.line_number, a.quantity, count(s.id) AS serials
    FROM allocations a
    JOIN sales_order_lines ol ON ol.id = a.order_line_id
    JOIN sales_orders o ON o.id = ol.order_id
    JOIN products p ON p.id = ol.product_id AND p.tracking_mode = 'SERIAL'
    LEFT JOIN serials s ON s.allocation_id = a.id
    GROUP BY o.number, ol.line_number, a.id, a.quantity
    HAVING count(s.id) <> a.quantity
"""

# Stock carried in Inventory (lots not written off) at lot cost is what account 1300 holds.
_INVENTORY_VALUE = """
    SELECT v.valued, l.ledger FROM
      (SELECT coalesce(sum(b.on_hand * coalesce(lo.unit_cost, 0)), 0) AS valued
       FROM stock_balances b JOIN lots lo ON lo.id = b.lot_id
       WHERE lo.status NOT IN ('RECALLED', 'EXPIRED')) v,
      (SELECT coalesce(sum(debit - credit), 0) AS ledger FROM journal_lines
       WHERE account_code = '1300') l
    WHERE v.valued <> l.ledger
"""

CHECKS: list[tuple[str, str]] = [
    ("stock balance of lot {lot} at {warehouse} is {on_hand} but its moves sum to {moved}",
     _MOVES_PER_BALANCE),
    ("lot {lot} at {warehouse} has {reserved} reserved but {allocated} allocated",
     _RESERVED_PER_BALANCE),
    ("lot {lot} at {warehouse} has on hand {on_hand} and reserved {reserved}",
     _NEGATIVE_BALANCES),
    ("{what} names another product than its lot {lot}", _WRONG_PRODUCT),
    ("journal entry {id} ({memo}) debits {debit} but credits {credit}", _UNBALANCED_ENTRIES),
    ("trial balance: debits {debit} but credits {credit}", _TRIAL_BALANCE),
    ("inventory at lot cost is {valued} but account 1300 holds {ledger}", _INVENTORY_VALUE),
    ("order {number} line {line_number}: line total {line_total}, expected {expected}",
     _LINE_TOTALS),
    ("order {number}: subtotal {subtotal} tax {tax_total} total {total}, but its lines add up "
     "to {lines_subtotal} + tax {lines_tax}", _ORDER_TOTALS),
    ("invoice {number}: subtotal {subtotal} tax {tax_total} total {total}, but its lines add up "
     "to {lines_net} + tax {lines_tax}", _INVOICE_TOTALS),
    ("invoice {number} ({status}, total {total}): amount paid {amount_paid} but payments "
     "applied {applied}", _INVOICE_PAYMENTS),
    ("payment {id} ({reference}) of {amount}: applied {applied} plus unapplied "
     "{unapplied_amount} differs", _PAYMENT_APPLICATIONS),
    ("order {number} line {line_number} (quantity {quantity}): shipped quantity "
     "{shipped_quantity} but shipments carry {on_shipments}", _SHIPPED_QUANTITIES),
    ("shipment {number} is for another customer than its order {order_number}",
     _SHIPMENT_CUSTOMERS),
    ("shipment {number} carries {lines} units but moved {moved} out of stock", _SHIPMENT_MOVES),
    ("serial {serial_number} ({status}) {problem}", _SERIAL_STATES),
    ("shipment {number} line {line_id} ships {quantity} units with {serials} serials "
     "({other_lot} from another lot)", _SHIPPED_SERIAL_COUNTS),
    ("serial-tracked lot {lot} at {warehouse} has {on_hand} on hand but {serials} serials there",
     _SERIALS_ON_HAND),
    ("order {number} line {line_number} allocates {quantity} units with {serials} serials",
     _ALLOCATED_SERIAL_COUNTS),
]


async def check_invariants(session: AsyncSession) -> list[str]:
    """Human-readable violations of the data rules; empty when the database is consistent."""
    problems: list[str] = []
    for template, sql in CHECKS:
        result = await session.execute(text(f"SELECT * FROM ({sql}) v LIMIT {MAX_PER_CHECK}"))
        problems.extend(template.format(**row) for row in result.mappings())
    return problems
