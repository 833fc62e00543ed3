"""Copying the scale data set's big tables: lots, orders and their lines, allocations,
serials, shipments, stock moves, quality records, approvals and the finance tables."""

from __future__ import annotations

from backend.seed.scale_copy import Writer, dt


async def copy_bulk(w: Writer) -> None:
    """The big tables, every id shifted onto its reserved range."""
    d = w.d
    # Reserve every range first: rows refer forwards (serials -> allocations, ...).
    sizes = {
        "lots": len(d.lots), "sales_orders": len(d.orders), "sales_order_lines": len(d.lines),
        "allocations": len(d.allocations), "serials": len(d.serials),
        "shipments": len(d.shipments), "shipment_lines": len(d.shipment_lines),
        "stock_moves": len(d.moves), "inspections": len(d.inspections),
        "signatures": len(d.signatures), "releases": len(d.releases),
        "approvals": len(d.approvals), "journal_entries": len(d.journal_entries),
        "journal_lines": len(d.journal_lines), "invoices": len(d.invoices),
        "invoice_lines": len(d.invoice_lines), "payments": len(d.payments),
    }
    for table, n in sizes.items():
        await w.reserve(table, n)
    B = w.base  # noqa: N806
    b_wh, b_sup, b_prod = B["warehouses"], B["suppliers"], B["products"]
    b_cust, b_user, b_lot = B["customers"], B["users"], B["lots"]
    b_ord, b_line, b_alloc = B["sales_orders"], B["sales_order_lines"], B.get("allocations", 0)
    b_ser, b_sh, b_sl = B.get("serials", 0), B.get("shipments", 0), B.get("shipment_lines", 0)
    b_sig, b_je = B.get("signatures", 0), B.get("journal_entries", 0)
    b_inv, b_pay = B.get("invoices", 0), B.get("payments", 0)

    await w.copy(
        "lots",
        ["id", "product_id", "lot_number", "supplier_id", "manufactured_on", "expires_on",
         "status", "created_at"],
        ((b_lot + i, b_prod + p, number, None if s is None else b_sup + s, made, exp, st,
          dt(t)) for i, (p, number, s, made, exp, st, t) in enumerate(d.lots)),
        len(d.lots))
    await w.copy(
        "lot_components", ["lot_id", "component_lot_id", "quantity"],
        ((b_lot + lot, b_lot + comp, q) for lot, comp, q in d.lot_components),
        len(d.lot_components))
    await w.copy(
        "sales_orders",
        ["id", "number", "customer_id", "status", "created_at", "created_by_id",
         "customer_reference", "requested_delivery_date", "promised_delivery_date",
         "currency", "subtotal", "tax_total", "total", "needs_reallocation", "updated_at"],
        ((b_ord + i, number, b_cust + c, st, dt(created), b_user + by, ref, req, prom,
          "EUR", sub, tax, total, False, dt(upd))
         for i, (number, c, st, created, by, ref, req, prom, sub, tax, total, upd)
         in enumerate(d.orders)),
        len(d.orders))
    await w.copy(
        "sales_order_lines",
        ["id", "order_id", "line_number", "product_id", "quantity", "unit_price",
         "list_price", "discount_percent", "tax_rate", "line_total", "shipped_quantity"],
        ((b_line + i, b_ord + o, ln, b_prod + p, q, up, lp, disc, rate, total, shipped)
         for i, (o, ln, p, q, up, lp, disc, rate, total, shipped, _tax)
         in enumerate(d.lines)),
        len(d.lines))
    await w.copy(
        "allocations",
        ["id", "order_line_id", "warehouse_id", "lot_id", "quantity", "created_at"],
        ((b_alloc + i, b_line + li, b_wh + w, b_lot + lot, q, dt(t))
         for i, (li, w, lot, q, t) in enumerate(d.allocations)),
        len(d.allocations))
    await w.copy(
        "serials",
        ["id", "product_id", "lot_id", "serial_number", "status", "warehouse_id",
         "allocation_id", "created_at"],
        ((b_ser + i, b_prod + p, b_lot + lot, number, st, None if w is None else b_wh + w,
          None if a is None else b_alloc + a, dt(t))
         for i, (p, lot, number, st, w, t, a) in enumerate(d.serials)),
        len(d.serials))
    await w.copy(
        "shipments",
        ["id", "number", "order_id", "customer_id", "warehouse_id", "status", "carrier",
         "tracking_number", "created_at", "created_by_id", "shipped_at", "delivered_at"],
        ((b_sh + i, number, b_ord + o, b_cust + c, b_wh + w, st, carrier, tracking,
          dt(created), b_user + by, dt(shipped), None if dl is None else dt(dl))
         for i, (number, o, c, w, st, carrier, tracking, created, by, shipped, dl)
         in enumerate(d.shipments)),
        len(d.shipments))
    await w.copy(
        "shipment_lines",
        ["id", "shipment_id", "order_line_id", "product_id", "lot_id", "quantity"],
        ((b_sl + i, b_sh + sh, b_line + li, b_prod + p, b_lot + lot, q)
         for i, (sh, li, p, lot, q) in enumerate(d.shipment_lines)),
        len(d.shipment_lines))
    await w.copy(
        "shipment_line_serials", ["shipment_line_id", "serial_id"],
        ((b_sl + sl, b_ser + s) for sl, s in d.shipment_line_serials),
        len(d.shipment_line_serials))
    shipment_numbers = [sh[0] for sh in d.shipments]
    b_move = B.get("stock_moves", 0)
    await w.copy(
        "stock_moves",
        ["id", "kind", "product_id", "lot_id", "serial_id", "warehouse_id", "quantity",
         "occurred_at", "actor_id", "reference", "shipment_id"],
        ((b_move + i, kind, b_prod + p, b_lot + lot, None if s is None else b_ser + s,
          b_wh + w, q, dt(t), b_user + actor,
          ref if sh is None else shipment_numbers[sh], None if sh is None else b_sh + sh)
         for i, (kind, p, lot, s, w, q, t, actor, ref, sh) in enumerate(d.moves)),
        len(d.moves))
    b = B.get("inspections", 0)
    await w.copy(
        "inspections",
        ["id", "lot_id", "kind", "result", "sample_size", "defects_found", "notes",
         "inspected_at", "inspector_id"],
        ((b + i, b_lot + lot, kind, result, n, defects, notes, dt(t), b_user + u)
         for i, (lot, kind, result, n, defects, notes, t, u) in enumerate(d.inspections)),
        len(d.inspections))
    record_base = {"Lot": b_lot, "SalesOrder": b_ord}
    await w.copy(
        "signatures",
        ["id", "signer_id", "meaning", "signed_at", "record_type", "record_id",
         "record_hash"],
        ((b_sig + i, b_user + u, meaning, dt(t), rtype, record_base[rtype] + rid, digest)
         for i, (u, meaning, t, rtype, rid, digest) in enumerate(d.signatures)),
        len(d.signatures))
    b = B.get("releases", 0)
    await w.copy(
        "releases", ["id", "lot_id", "signature_id", "certificate_id", "released_at"],
        ((b + i, b_lot + lot, b_sig + sig, None, dt(t))
         for i, (lot, sig, t) in enumerate(d.releases)),
        len(d.releases))
    b = B.get("approvals", 0)
    await w.copy(
        "approvals",
        ["id", "order_id", "rule", "required_role", "status", "requested_at",
         "decided_by_id", "decided_at", "signature_id", "comment"],
        ((b + i, b_ord + o, rule, role, st, dt(req), None if by is None else b_user + by,
          None if dec is None else dt(dec), None if sig is None else b_sig + sig, comment)
         for i, (o, rule, role, st, req, by, dec, sig, comment) in enumerate(d.approvals)),
        len(d.approvals))
    await w.copy(
        "journal_entries", ["id", "posted_at", "memo", "reference", "actor_id"],
        ((b_je + i, dt(t), memo, ref, b_user + u)
         for i, (t, memo, ref, u) in enumerate(d.journal_entries)),
        len(d.journal_entries))
    b = B.get("journal_lines", 0)
    acc = w.accounts
    await w.copy(
        "journal_lines", ["id", "entry_id", "account_code", "debit", "credit"],
        ((b + i, b_je + e, acc[key], debit, credit)
         for i, (e, key, debit, credit) in enumerate(d.journal_lines)),
        len(d.journal_lines))
    await w.copy(
        "invoices",
        ["id", "number", "order_id", "customer_id", "issued_on", "due_on", "currency",
         "subtotal", "tax_total", "total", "amount_paid", "status", "journal_entry_id",
         "created_at"],
        ((b_inv + i, number, b_ord + o, b_cust + c, issued, due, "EUR", sub, tax, total,
          paid, st, b_je + je, dt(t))
         for i, (number, o, c, issued, due, sub, tax, total, paid, st, je, t)
         in enumerate(d.invoices)),
        len(d.invoices))
    b = B.get("invoice_lines", 0)
    await w.copy(
        "invoice_lines",
        ["id", "invoice_id", "order_line_id", "description", "quantity", "unit_price",
         "discount_percent", "tax_rate", "net_amount", "tax_amount"],
        ((b + i, b_inv + inv, b_line + li, desc, q, up, disc, rate, net, tax)
         for i, (inv, li, desc, q, up, disc, rate, net, tax) in enumerate(d.invoice_lines)),
        len(d.invoice_lines))
    await w.copy(
        "payments",
        ["id", "customer_id", "amount", "unapplied_amount", "received_on", "reference",
         "journal_entry_id", "created_at"],
        ((b_pay + i, b_cust + c, amount, unapplied, received, ref, b_je + je, dt(t))
         for i, (c, amount, unapplied, received, ref, je, t) in enumerate(d.payments)),
        len(d.payments))
    await w.copy(
        "payment_applications", ["payment_id", "invoice_id", "amount"],
        ((b_pay + p, b_inv + inv, amount) for p, inv, amount in d.payment_applications),
        len(d.payment_applications))
