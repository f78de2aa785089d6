package cli

import (
	"context"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/blocksql/blocksql/cli/explorer"
)

const chromium = "/usr/bin/chromium"

// TestExplorer serves the explorer of a node that ran writes and walks it
// as an auditor would: plain HTTP always, and in a real headless Chromium
// when one is installed (.ci/run installs it).
func TestExplorer(t *testing.T) {
	home, port := newHome(t, "sqlite", "")
	n := start(t, home, port)
	db := n.db(t, "")
	for _, q := range []string{"CREATE DATABASE shop", "CREATE TABLE shop.items (id INT PRIMARY KEY, name TEXT, price DECIMAL(10,2))",
		"INSERT INTO shop.items VALUES (1, 'pen', 1.50)", "UPDATE shop.items SET price = 2.25 WHERE id = 1"} {
		mustExec(t, db, q)
	}
	// The explorer reads the node's database directly, which may trail the
	// answers by the one block being committed; a read through the node
	// waits for that commit (consensus/commit.go).
	var price string
	if err := db.QueryRow("SELECT price FROM shop.items WHERE id = 1").Scan(&price); err != nil || price != "2.25" {
		t.Fatalf("price %q, %v", price, err)
	}
	drv, err := openLog(home)
	if err != nil {
		t.Fatal(err)
	}
	defer drv.Close()
	srv := httptest.NewServer(explorer.New(drv, nil).Handler())
	defer srv.Close()
	for path, want := range map[string]string{
		"/":                                    `class="block"`,
		"/history?table=shop.items&key=1":      "price=2.25",
		"/diff?table=shop.items&from=0&to=999": "price=2.25",
	} {
		if code, body := httpGet(t, srv.URL+path); code != 200 || !strings.Contains(body, want) {
			t.Errorf("GET %s: %d, want %q in\n%.2000s", path, code, want, body)
		}
	}
	if _, err := os.Stat(chromium); err != nil {
		if os.Getenv("BLOCKSQL_REQUIRE_BACKENDS") == "1" {
			t.Fatalf("%s not installed", chromium)
		}
		t.Skipf("%s not installed (apt-get install chromium); the pages were checked over HTTP only", chromium)
	}
	browseExplorer(t, srv.URL)
}

// browseExplorer follows links in headless Chromium: the newest block, its
// transaction, then a row's history.
func browseExplorer(t *testing.T, base string) {
	actx, cancel := chromedp.NewExecAllocator(context.Background(),
		append(chromedp.DefaultExecAllocatorOptions[:], chromedp.ExecPath(chromium), chromedp.NoSandbox)...)
	defer cancel()
	ctx, cancel := chromedp.NewContext(actx)
	defer cancel()
	// Not a timeout on the context: that would also stop the browser
	// before its first use (see chromedp.Run).
	stuck := time.AfterFunc(2*time.Minute, cancel)
	defer stuck.Stop()
	do := func(what string, steps ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		if err := chromedp.Do(ctx, steps...); err != nil {
			t.Fatalf("%s: %v", what, err)
		}
	}
	text := func(sel string) string {
		t.Helper()
		s, err := chromedp.Run(ctx, chromedp.Text(sel))
		if err != nil {
			t.Fatalf("text of %s: %v", sel, err)
		}
		return s
	}
	do("open the block list", chromedp.Navigate(base+"/"), chromedp.Click("#blocks tr.txs a.block", chromedp.NodeVisible),
		chromedp.WaitVisible("#statements"))
	block := text("#statements")
	href, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector("#statements a.tx").href`))
	if err != nil {
		t.Fatal(err)
	}
	do("follow a transaction", chromedp.Navigate(href), chromedp.WaitVisible("#hash"))
	tx := text("#statements")
	do("open a row's history", chromedp.Navigate(base+"/history?table=shop.items&key=1"), chromedp.WaitVisible("#changes"))
	history := text("#changes")
	ops, err := chromedp.Run(ctx, chromedp.Evaluate[string](
		`[...document.querySelectorAll("#changes td.op")].map(e => e.textContent).join(",")`))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(block, "UPDATE shop.items SET price = 2.25") || !strings.Contains(tx, "root") {
		t.Errorf("newest block page:\n%s\ntransaction page:\n%s", block, tx)
	}
	if ops != "insert,update" || !strings.Contains(history, `name="pen"`) || !strings.Contains(history, "price=2.25") {
		t.Errorf("history ops %q:\n%s", ops, history)
	}
}
