package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"text/tabwriter"
)

type digestCmd struct{}

func init() { register("digest", digestCmd{}) }

func (digestCmd) Summary() string {
	return "print the canonical state digest of a node's local database"
}

func (digestCmd) Run(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("digest", flag.ContinueOnError)
	home := fs.String("home", defaultHome(), "node home directory")
	asJSON := fs.Bool("json", false, "print JSON")
	if err := fs.Parse(args); err != nil {
		return &UsageError{Msg: err.Error(), Hint: "blocksql digest --home " + defaultHome()}
	}
	cfg, err := loadConfig(*home)
	if err != nil {
		return err
	}
	e, err := openEngine(ctx, *home, cfg.Database, nil)
	if err != nil {
		return err
	}
	defer e.Driver().Close()
	d, err := e.Digest(ctx)
	if err != nil {
		return err
	}
	if *asJSON {
		enc := json.NewEncoder(os.Stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(d)
	}
	w := tabwriter.NewWriter(os.Stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintf(w, "height\t%d\ndigest\t%s\n\nTABLE\tROWS\tHASH\n", d.Height, d.Hash)
	for _, t := range d.Tables {
		fmt.Fprintf(w, "%s.%s\t%d\t%s\n", t.DB, t.Name, t.Rows, t.Hash)
	}
	return w.Flush()
}
