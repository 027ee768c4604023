// In-memory stand-in for the orders table. Nothing in here needs to change for the task.
//
// Order ids are k-sortable, like ULIDs: comparing two ids as strings orders them by creation,
// and ids never repeat. `list()` returns every order oldest first; pretend it is a cheap index
// scan (a real store would take the bounds and the limit instead).

export function createOrderStore() {
  const orders = [];
  const byId = new Map();
  let counter = 0;

  return {
    /** Stores a new order and returns it with its `id`. */
    insert(fields) {
      counter += 1;
      const id = `ord_${counter.toString(36).padStart(8, '0')}`;
      const order = structuredClone({ id, ...fields });
      orders.push(order);
      byId.set(id, order);
      return structuredClone(order);
    },
    /** The order with this id, or undefined. */
    get(id) {
      const order = byId.get(id);
      return order === undefined ? undefined : structuredClone(order);
    },
    /** Every order, oldest first. */
    list() {
      return orders.map((o) => structuredClone(o));
    },
    get size() {
      return orders.length;
    },
  };
}
