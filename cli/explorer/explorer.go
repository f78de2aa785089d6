// Package explorer is a small read-only web UI over a node's operation
// log for auditors: the newest blocks, a block's transactions, a
// transaction's statements, a row's history, a table's changes between
// two heights, and a page that checks a transaction proof on the server. Pages are rendered on the server from embedded templates;
// every list is paged or bounded and read through indexed queries, so a
// page costs the same on a chain of any length. It reads the local
// database only, through the same audit queries as `blocksql log`.
package explorer

import (
	"context"
	"embed"
	"encoding/json"
	"fmt"
	"html/template"
	"log/slog"
	"net/http"
	"strconv"
	"strings"

	"github.com/blocksql/blocksql/drivers"
	"github.com/blocksql/blocksql/replay"
	"github.com/blocksql/blocksql/replay/audit"
)

//go:embed templates/*.html
var files embed.FS

// PageSize is the number of blocks, statements, changes or diff rows on
// a page.
const PageSize = 50

var pages = template.Must(template.New("").Funcs(template.FuncMap{
	"short": func(s string) string {
		if len(s) > 12 {
			return s[:12]
		}
		return s
	},
	"row": describeRow,
}).ParseFS(files, "templates/*.html"))

// Server serves the explorer from a node's local database.
type Server struct {
	db  drivers.Driver
	gen *Genesis
	log *slog.Logger
}

// New returns the explorer of the database db (opened read-only by the
// caller; the node may be running). Proofs are checked against gen unless
// the auditor uploads a genesis; gen may be nil.
func New(db drivers.Driver, gen *Genesis, log *slog.Logger) *Server {
	if log == nil {
		log = slog.Default()
	}
	return &Server{db: db, gen: gen, log: log}
}

// Handler routes the explorer's pages.
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /{$}", s.blocks)
	mux.HandleFunc("GET /block/{height}", s.block)
	mux.HandleFunc("GET /tx/{hash}", s.tx)
	mux.HandleFunc("GET /history", s.history)
	mux.HandleFunc("GET /diff", s.diff)
	mux.HandleFunc("GET /proof", s.proofForm)
	mux.HandleFunc("POST /proof", s.verifyProof)
	return mux
}

func (s *Server) blocks(w http.ResponseWriter, r *http.Request) {
	before, _ := strconv.ParseInt(r.URL.Query().Get("before"), 10, 64)
	list, err := audit.Blocks(r.Context(), s.db, before, PageSize)
	var older int64
	if len(list) == PageSize {
		older = list[len(list)-1].Height
	}
	s.render(w, "blocks.html", map[string]any{"Blocks": list, "Older": older}, err)
}

func (s *Server) block(w http.ResponseWriter, r *http.Request) {
	h, err := strconv.ParseInt(r.PathValue("height"), 10, 64)
	if err != nil || h < 1 {
		http.Error(w, "a block height is a positive number", http.StatusBadRequest)
		return
	}
	s.statements(w, r, "block.html", map[string]any{"Height": h}, audit.Filter{From: h, To: h})
}

func (s *Server) tx(w http.ResponseWriter, r *http.Request) {
	hash := strings.ToLower(r.PathValue("hash"))
	s.statements(w, r, "tx.html", map[string]any{"Hash": hash}, audit.Filter{Tx: hash})
}

// statements renders a page of the statements f selects; ?offset= pages
// through a block or transaction, which holds a bounded number of them.
func (s *Server) statements(w http.ResponseWriter, r *http.Request, page string, data map[string]any, f audit.Filter) {
	f.Offset, _ = strconv.Atoi(r.URL.Query().Get("offset"))
	f.Offset, f.Limit = max(f.Offset, 0), PageSize
	stmts, err := audit.Log(r.Context(), s.db, f)
	data["Statements"] = stmts
	if len(stmts) == PageSize {
		data["Next"] = nextPage(r, "offset", strconv.Itoa(f.Offset+PageSize))
	}
	s.render(w, page, data, err)
}

// nextPage is the request's URL with one query parameter set.
func nextPage(r *http.Request, key, value string) string {
	q := r.URL.Query()
	q.Set(key, value)
	return r.URL.Path + "?" + q.Encode()
}

func (s *Server) history(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	table, key := q.Get("table"), q.Get("key")
	after, _ := strconv.ParseInt(q.Get("after"), 10, 64)
	data := map[string]any{"Table": table, "Key": key}
	var err error
	if table != "" && key != "" {
		var changes []audit.Change
		changes, err = s.rowHistory(r.Context(), table, key, after)
		data["Changes"] = changes
		if len(changes) == PageSize {
			data["Next"] = nextPage(r, "after", strconv.FormatInt(changes[len(changes)-1].ID, 10))
		}
	}
	s.render(w, "history.html", data, err)
}

func (s *Server) rowHistory(ctx context.Context, table, key string, after int64) ([]audit.Change, error) {
	db, name, ok := drivers.SplitQualified(table)
	if !ok {
		return nil, fmt.Errorf("table %q must be written db.table", table)
	}
	def, err := replay.ReadTable(ctx, s.db, db, name)
	if err != nil {
		return nil, err
	}
	pk, err := def.KeyJSON(key)
	if err != nil {
		return nil, err
	}
	return audit.HistoryPage(ctx, s.db, drivers.QualifiedName(db, name), pk, after, PageSize)
}

func (s *Server) diff(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	table := q.Get("table")
	from, _ := strconv.ParseInt(q.Get("from"), 10, 64)
	to, _ := strconv.ParseInt(q.Get("to"), 10, 64)
	after, _ := strconv.ParseInt(q.Get("after"), 10, 64)
	data := map[string]any{"Table": table, "From": from, "To": to}
	var err error
	if table != "" && to > from {
		db, name, ok := drivers.SplitQualified(table)
		if !ok {
			err = fmt.Errorf("table %q must be written db.table", table)
		} else {
			var next int64
			data["Diffs"], next, err = audit.DiffPage(r.Context(), s.db, drivers.QualifiedName(db, name), from, to, after, PageSize)
			if next > 0 {
				data["Next"] = nextPage(r, "after", strconv.FormatInt(next, 10))
			}
		}
	}
	s.render(w, "diff.html", data, err)
}

// render writes a page; an error is shown on the page, as the audit
// commands print it.
func (s *Server) render(w http.ResponseWriter, page string, data map[string]any, err error) {
	if err != nil {
		data["Error"] = err.Error()
		w.WriteHeader(http.StatusUnprocessableEntity)
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	if err := pages.ExecuteTemplate(w, page, data); err != nil {
		s.log.Warn("explorer: render", "page", page, "err", err)
	}
}

// describeRow prints a row image as col=value pairs in column order.
func describeRow(raw json.RawMessage) string {
	if len(raw) == 0 || string(raw) == "null" {
		return ""
	}
	var parts []string
	dec := json.NewDecoder(strings.NewReader(string(raw)))
	if t, err := dec.Token(); err != nil || t != json.Delim('{') {
		return string(raw)
	}
	for dec.More() {
		k, err := dec.Token()
		var v json.RawMessage
		if err != nil || dec.Decode(&v) != nil {
			break
		}
		parts = append(parts, fmt.Sprint(k)+"="+string(v))
	}
	return strings.Join(parts, " ")
}
