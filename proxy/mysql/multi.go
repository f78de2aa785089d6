package mysql

import (
	gm "github.com/go-mysql-org/go-mysql/mysql"

	"github.com/blocksql/blocksql/proxy"
)

// query answers a query that may hold several statements (when the client
// enabled them): one result per statement, each but the last flagged
// SERVER_MORE_RESULTS_EXISTS, and after a failing statement its error and
// nothing more, as MySQL does.
func (h *handler) query(query string) (*gm.Result, error) {
	var last *proxy.Result
	err := h.session.ExecuteMulti(h.ctx, query, nil, func(r *proxy.Result) error {
		if last != nil {
			if err := h.writeMore(last); err != nil {
				return err
			}
		}
		last = r
		return nil
	}, h.multi)
	if err != nil && last != nil {
		if werr := h.writeMore(last); werr != nil {
			return nil, werr
		}
	}
	h.syncStatus()
	if err != nil {
		return nil, myError(err)
	}
	return h.result(last, false)
}

// writeMore writes one result of a multi-statement query that more
// results follow.
func (h *handler) writeMore(r *proxy.Result) error {
	res, err := h.result(r, false)
	if err != nil {
		return err
	}
	h.setStatus(r.Status)
	h.conn.SetStatus(gm.SERVER_MORE_RESULTS_EXISTS)
	defer h.conn.UnsetStatus(gm.SERVER_MORE_RESULTS_EXISTS)
	return h.conn.WriteValue(res)
}
