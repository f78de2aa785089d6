package cli

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/blocksql/blocksql/consensus"
)

func init() { register(newValidatorCmd) }

const validatorHint = "blocksql validator list|propose|sign --home H (see README, Cluster: changing the validators)"

// membershipView is what a node serves at /membership.
type membershipView struct {
	ChainID    string          `json:"chain_id"`
	Height     int64           `json:"height"`
	SetHash    string          `json:"validator_set_hash"`
	Validators []validatorView `json:"validators"`
	Nodes      []string        `json:"authorized_nodes"`
}

type validatorView struct {
	Key   string `json:"key"`
	Power int64  `json:"power"`
}

// submitAnswer is what a node answers a POST /membership with.
type submitAnswer struct {
	Height int64  `json:"height,omitempty"`
	Error  string `json:"error,omitempty"`
}

// serveMembership serves the network's membership (GET /membership) and
// takes membership changes signed by validators (POST /membership, the
// encoded change as the body): the node checks it, gossips it and answers
// once its block is applied here. Anyone who reaches the endpoint may
// submit, but only a change signed by more than 2/3 of the voting power
// passes.
func serveMembership(mux *http.ServeMux, node *consensus.Node) {
	mux.HandleFunc("GET /membership", func(w http.ResponseWriter, _ *http.Request) {
		m := node.App().Membership()
		if m == nil {
			http.Error(w, "membership not known yet", http.StatusServiceUnavailable)
			return
		}
		v := membershipView{ChainID: m.ChainID(), Height: node.Height(), SetHash: hex.EncodeToString(m.Validators().Hash()),
			Validators: []validatorView{}, Nodes: []string{}}
		for _, p := range m.ValidatorPowers() {
			v.Validators = append(v.Validators, validatorView{Key: hex.EncodeToString(p.Key), Power: p.Power})
		}
		for _, k := range m.Nodes() {
			v.Nodes = append(v.Nodes, hex.EncodeToString(k))
		}
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(v)
	})
	mux.HandleFunc("POST /membership", func(w http.ResponseWriter, r *http.Request) {
		answer := func(code int, a submitAnswer) {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(code)
			_ = json.NewEncoder(w).Encode(a)
		}
		b, err := io.ReadAll(http.MaxBytesReader(w, r.Body, 1<<20))
		if err != nil {
			answer(http.StatusRequestEntityTooLarge, submitAnswer{Error: err.Error()})
			return
		}
		if tx, err := consensus.UnmarshalTx(b); err != nil || tx.Membership == nil {
			answer(http.StatusBadRequest, submitAnswer{Error: "the body is not an encoded membership change"})
			return
		}
		res, err := node.SubmitSigned(r.Context(), b)
		switch {
		case errors.Is(err, consensus.ErrRejected):
			answer(http.StatusConflict, submitAnswer{Error: err.Error()})
		case err != nil:
			answer(http.StatusServiceUnavailable, submitAnswer{Error: err.Error()})
		case !res.OK():
			answer(http.StatusConflict, submitAnswer{Height: res.Height, Error: res.Statements[res.Failed].Message})
		default:
			answer(http.StatusOK, submitAnswer{Height: res.Height})
		}
	})
}

func newValidatorCmd() *cobra.Command {
	var home string
	var asJSON bool
	var sets, authorize, withdraw []string
	var validFor int64
	c := &cobra.Command{
		Use:   "validator list|propose|sign [CHANGE]",
		Short: "change a running network's validators and submitting nodes, signed by more than 2/3 of the voting power",
		Long: "list shows the validators and authorized nodes as the chain decided them. propose makes a change\n" +
			"(--set KEY=POWER, power 0 removes; --authorize/--withdraw NODE-KEY), signs it with this home's\n" +
			"validator key, and submits it through this home's running node once validators holding more than\n" +
			"2/3 of the voting power signed; until then it prints the change for `validator sign` on another\n" +
			"validator's home. Keys are hex, as `blocksql genesis show` prints them.",
		Example: "  blocksql validator list --home ./node0\n" +
			"  blocksql validator propose --home ./node0 --set 3b6a…=10 --authorize 9f21…\n" +
			"  blocksql validator sign --home ./node1 0a1b2c…",
		Args:      cobra.RangeArgs(1, 2),
		ValidArgs: []string{"list", "propose", "sign"},
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			cfg, err := loadConfig(home)
			if err != nil {
				return err
			}
			view, err := fetchMembership(ctx, cfg.Metrics.Listen)
			if err != nil {
				return err
			}
			switch args[0] {
			case "list":
				if asJSON {
					return writeJSON(os.Stdout, view)
				}
				printMembership(os.Stdout, view)
				return nil
			case "propose":
				c, err := newChange(view, sets, authorize, withdraw, validFor)
				if err != nil {
					return err
				}
				return signAndSubmit(ctx, home, cfg.Metrics.Listen, view, c)
			case "sign":
				if len(args) != 2 {
					return &UsageError{Msg: "sign needs the change `validator propose` printed", Hint: validatorHint}
				}
				c, err := decodeChange(args[1])
				if err != nil {
					return err
				}
				return signAndSubmit(ctx, home, cfg.Metrics.Listen, view, c)
			}
			return &UsageError{Msg: fmt.Sprintf("unknown validator subcommand %q", args[0]), Hint: validatorHint}
		},
	}
	f := c.Flags()
	f.StringVar(&home, "home", defaultHome(), "node home directory (its node must be running)")
	f.BoolVar(&asJSON, "json", false, "list: print JSON")
	f.StringArrayVar(&sets, "set", nil, "propose: KEY=POWER, a validator's consensus key and its new voting power (0 removes it)")
	f.StringArrayVar(&authorize, "authorize", nil, "propose: a node key allowed to submit writes")
	f.StringArrayVar(&withdraw, "withdraw", nil, "propose: a node key no longer allowed to submit writes")
	f.Int64Var(&validFor, "valid-for", 10000, "propose: the change must be in a block within this many heights")
	return c
}

func fetchMembership(ctx context.Context, listen string) (membershipView, error) {
	if listen == "" {
		return membershipView{}, &UsageError{Msg: "the node has no [metrics] listen address, where it serves /membership", Hint: "set [metrics] listen in blocksql.toml and restart the node"}
	}
	v, err := getNodeJSON[membershipView](ctx, listen, "/membership", 5*time.Second)
	if err != nil {
		return v, fmt.Errorf("ask the running node at %s (is it started?): %w", listen, err)
	}
	return v, nil
}

func printMembership(w io.Writer, v membershipView) {
	fmt.Fprintf(w, "chain %s at height %d, validator set %s\n\n", v.ChainID, v.Height, v.SetHash)
	tw := tabwriter.NewWriter(w, 0, 2, 2, ' ', 0)
	fmt.Fprintln(tw, "VALIDATOR KEY\tPOWER")
	for _, val := range v.Validators {
		fmt.Fprintf(tw, "%s\t%d\n", val.Key, val.Power)
	}
	_ = tw.Flush()
	fmt.Fprintln(w, "\nAUTHORIZED NODE KEYS")
	for _, n := range v.Nodes {
		fmt.Fprintln(w, n)
	}
}

// newChange builds a change against the membership the node serves.
func newChange(v membershipView, sets, authorize, withdraw []string, validFor int64) (*consensus.MembershipChange, error) {
	setHash, err := hex.DecodeString(v.SetHash)
	if err != nil {
		return nil, fmt.Errorf("node answered validator set hash %q: %w", v.SetHash, err)
	}
	if validFor <= 0 {
		return nil, &UsageError{Msg: "--valid-for must be positive", Hint: validatorHint}
	}
	c := &consensus.MembershipChange{ChainID: v.ChainID, SetHash: setHash, Until: v.Height + validFor}
	for _, s := range sets {
		key, power, ok := strings.Cut(s, "=")
		p, perr := strconv.ParseInt(power, 10, 64)
		k, kerr := consensus.ParseKey(key)
		if !ok || perr != nil || kerr != nil {
			return nil, &UsageError{Msg: fmt.Sprintf("--set %q: want KEY=POWER, a hex ed25519 key and a voting power", s), Hint: validatorHint}
		}
		c.Validators = append(c.Validators, consensus.PowerChange{Key: k, Power: p})
	}
	for _, list := range []struct {
		keys []string
		on   bool
	}{{authorize, true}, {withdraw, false}} {
		for _, s := range list.keys {
			k, err := consensus.ParseKey(s)
			if err != nil {
				return nil, &UsageError{Msg: err.Error(), Hint: validatorHint}
			}
			c.Nodes = append(c.Nodes, consensus.NodeChange{Key: k, Authorized: list.on})
		}
	}
	if len(c.Validators)+len(c.Nodes) == 0 {
		return nil, &UsageError{Msg: "nothing to change: give --set, --authorize or --withdraw", Hint: validatorHint}
	}
	return c, nil
}

func decodeChange(s string) (*consensus.MembershipChange, error) {
	b, err := hex.DecodeString(strings.TrimSpace(s))
	if err == nil {
		var tx *consensus.Tx
		if tx, err = consensus.UnmarshalTx(b); err == nil && tx.Membership != nil {
			return tx.Membership, nil
		}
	}
	return nil, &UsageError{Msg: "not a membership change as `validator propose` prints it", Hint: validatorHint}
}

// signAndSubmit signs c with the home's validator key when it is a
// validator, then submits c when the signatures suffice, or prints it for
// the next validator.
func signAndSubmit(ctx context.Context, home, listen string, v membershipView, c *consensus.MembershipChange) error {
	key, err := consensus.LoadValidatorKey(home)
	if err != nil {
		return err
	}
	powers := map[string]int64{}
	var total int64
	for _, val := range v.Validators {
		powers[val.Key] = val.Power
		total += val.Power
	}
	if c.ChainID != v.ChainID || hex.EncodeToString(c.SetHash) != v.SetHash {
		return fmt.Errorf("the change was made for chain %s, validator set %X; the node now has chain %s, set %s: propose it again",
			c.ChainID, c.SetHash, v.ChainID, v.SetHash)
	}
	fmt.Fprintf(os.Stderr, "change: %s (valid until height %d)\n", c.Describe(), c.Until)
	if own := hex.EncodeToString(key.Public().(ed25519.PublicKey)); powers[own] > 0 {
		c.Sign(key)
	} else {
		fmt.Fprintln(os.Stderr, "this home's validator is not in the set: the change is not signed here")
	}
	signed := c.SignedPower(powers)
	fmt.Fprintf(os.Stderr, "signed by validators holding %d of %d voting power\n", signed, total)
	raw := c.Marshal()
	if 3*signed <= 2*total {
		fmt.Fprintln(os.Stderr, "more than 2/3 must sign: run on another validator's home")
		fmt.Printf("blocksql validator sign --home H %s\n", hex.EncodeToString(raw))
		return nil
	}
	return submitChange(ctx, listen, raw)
}

func submitChange(ctx context.Context, listen string, raw []byte) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, "http://"+listen+"/membership", bytes.NewReader(raw))
	if err != nil {
		return err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return fmt.Errorf("submit to the running node at %s: %w", listen, err)
	}
	defer resp.Body.Close()
	var a submitAnswer
	if err := json.NewDecoder(resp.Body).Decode(&a); err != nil {
		return fmt.Errorf("submit: %s", resp.Status)
	}
	if a.Error != "" {
		return fmt.Errorf("the chain refused the change: %s", a.Error)
	}
	fmt.Printf("membership changed in block %d; validator changes take effect at height %d\n", a.Height, a.Height+2)
	return nil
}
