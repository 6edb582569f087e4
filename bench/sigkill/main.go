// Command sigkill is the load client of bench/sigkill.sh, which checks that
// every case number the API acknowledged survives a SIGKILL of the server.
//
//	sigkill load    -url U -people F -clients N -duration D -acked FILE
//	sigkill verify  -url U -people F -clients N -acked FILE
//	sigkill wait    -url U -timeout D        (until /readyz answers 200)
//	sigkill freeport                          (print a free loopback port)
//	sigkill createdb -admin URL               (print the URL of a fresh PostgreSQL database)
//	sigkill dropdb  -admin URL -db URL
//
// load signs N demo citizens in (one per client, so no two clients share a
// person's open draft), and each client loops: create a draft for an item open
// for online application, submit it, and on 201 append the case number to the
// acked file. A client stops when the server stops answering; a submit whose
// connection broke after it was sent is counted as in flight at the kill.
//
// verify signs the same citizens in on the restarted server and checks that
// every acknowledged number is one of their cases (GET /api/v1/me/cases, and
// GET /api/v1/me/cases/{id} for numbers beyond the listing's 200 newest), then
// submits one more application per citizen to check that numbering carries on
// without reusing a number. It exits 1 and prints the missing numbers on loss.
//
// Every address is on loopback and every loop is bounded in time.
package main

import (
	"bufio"
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/tongban/tongban/internal/sqldb"
)

// password is every demo account's password (internal/demo).
const password = "Tongban@2026"

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: sigkill load|verify|wait|freeport|createdb|dropdb [flags]")
		os.Exit(2)
	}
	var err error
	switch cmd, args := os.Args[1], os.Args[2:]; cmd {
	case "load":
		err = runLoad(args)
	case "verify":
		err = runVerify(args)
	case "wait":
		err = runWait(args)
	case "freeport":
		err = freePort()
	case "createdb":
		err = createDB(args)
	case "dropdb":
		err = dropDB(args)
	default:
		err = fmt.Errorf("unknown command %q", cmd)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "sigkill:", err)
		os.Exit(1)
	}
}

// common are the flags load and verify share.
type common struct {
	url     string
	people  string
	clients int
	acked   string
}

func (c *common) register(fs *flag.FlagSet) {
	fs.StringVar(&c.url, "url", "", "server base URL on loopback, e.g. http://127.0.0.1:18080")
	fs.StringVar(&c.people, "people", "internal/demo/data/people.json", "the demo citizens")
	fs.IntVar(&c.clients, "clients", 4, "concurrent clients, one demo citizen each")
	fs.StringVar(&c.acked, "acked", "acked.txt", "file of acknowledged case numbers")
}

// check refuses anything but a loopback server: this is a crash test of a
// server the script started, never a load on someone else's.
func (c *common) check() error {
	u, err := url.Parse(c.url)
	if err != nil || u.Scheme != "http" {
		return fmt.Errorf("-url must be http://127.x.x.x:port, got %q", c.url)
	}
	if ip := net.ParseIP(u.Hostname()); ip == nil || !ip.IsLoopback() {
		return fmt.Errorf("-url must be a loopback address, got %q", u.Hostname())
	}
	if c.clients < 1 {
		return errors.New("-clients must be at least 1")
	}
	return nil
}

// citizens returns the first n demo citizens' ID numbers.
func citizens(path string, n int) ([]string, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var people []struct {
		IDNumber string `json:"id_number"`
	}
	if err := json.Unmarshal(raw, &people); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if n > len(people) {
		return nil, fmt.Errorf("%d clients but only %d demo citizens", n, len(people))
	}
	ids := make([]string, n)
	for i := range ids {
		ids[i] = people[i].IDNumber
	}
	return ids, nil
}

// client is one HTTP conversation with the server.
type client struct {
	http  *http.Client
	base  string
	token string
}

func newHTTP(conns int) *http.Client {
	return &http.Client{
		Timeout:   30 * time.Second,
		Transport: &http.Transport{MaxIdleConnsPerHost: conns, MaxConnsPerHost: conns, DisableCompression: true},
	}
}

// connError is the connection failing rather than the server answering: the
// request was refused, or the connection broke before the whole answer came.
type connError struct{ err error }

func (e connError) Error() string { return e.err.Error() }
func (e connError) Unwrap() error { return e.err }

// call sends a JSON request and decodes a JSON answer into out when the
// status is want. A broken connection comes back as a connError.
func (c *client) call(method, path string, body, out any, want int) (int, error) {
	var rd io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			return 0, err
		}
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequest(method, c.base+path, rd)
	if err != nil {
		return 0, err
	}
	req.Header.Set("Content-Type", "application/json")
	if c.token != "" {
		req.Header.Set("Authorization", "Bearer "+c.token)
	}
	res, err := c.http.Do(req)
	if err != nil {
		return 0, connError{err}
	}
	defer res.Body.Close()
	raw, err := io.ReadAll(res.Body)
	if err != nil {
		return 0, connError{err}
	}
	if res.StatusCode != want {
		return res.StatusCode, fmt.Errorf("%s %s: %d %s", method, path, res.StatusCode, strings.TrimSpace(string(raw)))
	}
	if out != nil {
		return res.StatusCode, json.Unmarshal(raw, out)
	}
	return res.StatusCode, nil
}

func (c *client) login(idNumber string) error {
	var t struct {
		Token string `json:"token"`
	}
	if _, err := c.call("POST", "/api/v1/tokens", map[string]string{"login": idNumber, "password": password}, &t, http.StatusCreated); err != nil {
		return fmt.Errorf("sign in as citizen %s****: %w", idNumber[:6], err)
	}
	c.token = t.Token
	return nil
}

// onlineItems lists the slugs of published items open for online application.
func (c *client) onlineItems() ([]string, error) {
	var l struct {
		Items []struct {
			Slug   string `json:"slug"`
			Online bool   `json:"can_apply_online"`
		} `json:"items"`
	}
	if _, err := c.call("GET", "/api/v1/items?limit=200", nil, &l, http.StatusOK); err != nil {
		return nil, err
	}
	var slugs []string
	for _, it := range l.Items {
		if it.Online {
			slugs = append(slugs, it.Slug)
		}
	}
	if len(slugs) == 0 {
		return nil, errors.New("no item is open for online application")
	}
	return slugs, nil
}

// submitted is the API's answer to a submission.
type submitted struct {
	CaseID int64  `json:"case_id"`
	Number string `json:"number"`
}

// apply drafts and submits one application. sent reports whether the submit
// request may have reached the server (so its outcome is unknown on error).
func (c *client) apply(slug string) (s submitted, sent bool, err error) {
	var d struct {
		ID int64 `json:"id"`
	}
	// A complete default form, including the enterprise fields items serving
	// only organizations require (a demo enterprise's name and credit code).
	form := map[string]string{"note": "SIGKILL 持久性测试", "contact_name": "测试", "phone": "13900001111", "delivery_method": "online",
		"org_name": "庄浪县示例果业开发有限公司", "credit_code": "91620825TB00010121"}
	if _, err := c.call("POST", "/api/v1/applications", map[string]any{"item_slug": slug, "form": form}, &d, http.StatusCreated); err != nil {
		return s, false, err
	}
	_, err = c.call("POST", "/api/v1/applications/"+strconv.FormatInt(d.ID, 10)+"/submit", nil, &s, http.StatusCreated)
	return s, err != nil && !refused(err), err
}

// refused reports whether err is a connection the server never accepted: the
// request was not sent, so nothing can have been committed for it.
func refused(err error) bool { return errors.Is(err, syscall.ECONNREFUSED) }

// transport reports whether err is the connection failing rather than an
// HTTP answer: the server is gone.
func transport(err error) bool {
	var ce connError
	return errors.As(err, &ce)
}

// ackLog appends acknowledged numbers as "client<TAB>case id<TAB>number".
// Each line is written as soon as the 201 is read, unbuffered.
type ackLog struct {
	mu sync.Mutex
	f  *os.File
}

func (l *ackLog) add(clientIdx int, s submitted) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	_, err := fmt.Fprintf(l.f, "%d\t%d\t%s\n", clientIdx, s.CaseID, s.Number)
	return err
}

func runLoad(args []string) error {
	var c common
	fs := flag.NewFlagSet("load", flag.ContinueOnError)
	c.register(fs)
	duration := fs.Duration("duration", 60*time.Second, "upper bound on the load; the script kills the server before it ends")
	maxTotal := fs.Int64("max", 1_000_000, "upper bound on submissions in all")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if err := c.check(); err != nil {
		return err
	}
	ids, err := citizens(c.people, c.clients)
	if err != nil {
		return err
	}
	f, err := os.OpenFile(c.acked, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
	if err != nil {
		return err
	}
	defer f.Close()
	acks := &ackLog{f: f}
	hc := newHTTP(c.clients)
	clients := make([]*client, c.clients)
	for i, id := range ids {
		clients[i] = &client{http: hc, base: c.url}
		if err := clients[i].login(id); err != nil {
			return err
		}
	}
	items, err := clients[0].onlineItems()
	if err != nil {
		return err
	}

	var acked, inFlight, failed, total atomic.Int64
	var firstErr sync.Once
	deadline := time.Now().Add(*duration)
	start := time.Now()
	var wg sync.WaitGroup
	for i, cl := range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for n := i; time.Now().Before(deadline) && total.Add(1) <= *maxTotal; n++ {
				s, sent, err := cl.apply(items[n%len(items)])
				switch {
				case err == nil:
					if err := acks.add(i, s); err != nil {
						fmt.Fprintln(os.Stderr, "sigkill: write acked:", err)
						return
					}
					acked.Add(1)
				case transport(err):
					if sent {
						inFlight.Add(1)
					}
					return // the server is gone
				default:
					failed.Add(1)
					firstErr.Do(func() { fmt.Fprintln(os.Stderr, "sigkill: first refused request:", err) })
				}
			}
		}()
	}
	wg.Wait()
	secs := time.Since(start).Seconds()
	fmt.Printf("load: clients=%d items=%d acknowledged=%d in_flight_at_kill=%d refused=%d seconds=%.1f rate=%.0f/s\n",
		c.clients, len(items), acked.Load(), inFlight.Load(), failed.Load(), secs, float64(acked.Load())/secs)
	return nil
}

// ack is one line of the acked file.
type ack struct {
	caseID int64
	number string
}

func readAcks(path string) (map[int][]ack, int, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, 0, err
	}
	defer f.Close()
	out := map[int][]ack{}
	n := 0
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		parts := strings.Split(sc.Text(), "\t")
		if len(parts) != 3 {
			return nil, 0, fmt.Errorf("%s: bad line %q", path, sc.Text())
		}
		idx, err1 := strconv.Atoi(parts[0])
		id, err2 := strconv.ParseInt(parts[1], 10, 64)
		if err1 != nil || err2 != nil {
			return nil, 0, fmt.Errorf("%s: bad line %q", path, sc.Text())
		}
		out[idx] = append(out[idx], ack{caseID: id, number: parts[2]})
		n++
	}
	return out, n, sc.Err()
}

// myCases is the applicant's listing.
type myCases struct {
	Items []struct {
		ID     int64  `json:"id"`
		Number string `json:"number"`
	} `json:"items"`
	Total int `json:"total"`
}

// listingCap is how many cases GET /api/v1/me/cases returns at most.
const listingCap = 200

func runVerify(args []string) error {
	var c common
	fs := flag.NewFlagSet("verify", flag.ContinueOnError)
	c.register(fs)
	if err := fs.Parse(args); err != nil {
		return err
	}
	if err := c.check(); err != nil {
		return err
	}
	ids, err := citizens(c.people, c.clients)
	if err != nil {
		return err
	}
	acks, total, err := readAcks(c.acked)
	if err != nil {
		return err
	}
	hc := newHTTP(1)
	all := map[string]bool{}
	for _, as := range acks {
		for _, a := range as {
			if all[a.number] {
				return fmt.Errorf("case number %s was acknowledged twice", a.number)
			}
			all[a.number] = true
		}
	}
	var found, unacked int
	var missing []string
	exact := true // whether unacked committed cases can be counted
	for i, id := range ids {
		cl := &client{http: hc, base: c.url}
		if err := cl.login(id); err != nil {
			return err
		}
		var l myCases
		if _, err := cl.call("GET", "/api/v1/me/cases", nil, &l, http.StatusOK); err != nil {
			return err
		}
		listed := map[string]bool{}
		for _, it := range l.Items {
			listed[it.Number] = true
			if !all[it.Number] {
				unacked++ // committed, but the client never read the 201
			}
		}
		for _, a := range acks[i] {
			if listed[a.number] {
				found++
				continue
			}
			var one struct {
				Number string `json:"number"`
			}
			status, err := cl.call("GET", "/api/v1/me/cases/"+strconv.FormatInt(a.caseID, 10), nil, &one, http.StatusOK)
			switch {
			case err == nil && one.Number == a.number:
				found++
			case status == http.StatusNotFound || err == nil:
				missing = append(missing, a.number)
			default:
				return err
			}
		}
		if len(l.Items) >= listingCap {
			exact = false // older cases fall off the listing: some may go uncounted
		}
		// Numbering carries on after the crash: a new submission succeeds and
		// gets a number nobody was given before.
		items, err := cl.onlineItems()
		if err != nil {
			return err
		}
		s, _, err := cl.apply(items[i%len(items)])
		if err != nil {
			return fmt.Errorf("submit after restart: %w", err)
		}
		if all[s.Number] {
			return fmt.Errorf("after restart the number %s was given again", s.Number)
		}
	}
	unackedText := strconv.Itoa(unacked)
	if !exact {
		unackedText = fmt.Sprintf("at least %d (a listing holds the 200 newest)", unacked)
	}
	fmt.Printf("verify: acknowledged=%d found=%d missing=%d committed_but_unacknowledged=%s post_restart_submits=%d\n",
		total, found, len(missing), unackedText, len(ids))
	if len(missing) > 0 {
		for _, n := range missing {
			fmt.Println("MISSING", n)
		}
		return fmt.Errorf("%d acknowledged case numbers were lost", len(missing))
	}
	return nil
}

func runWait(args []string) error {
	fs := flag.NewFlagSet("wait", flag.ContinueOnError)
	base := fs.String("url", "", "server base URL")
	timeout := fs.Duration("timeout", 120*time.Second, "give up after")
	if err := fs.Parse(args); err != nil {
		return err
	}
	c := common{url: *base, clients: 1}
	if err := c.check(); err != nil {
		return err
	}
	hc := &http.Client{Timeout: 2 * time.Second}
	for end := time.Now().Add(*timeout); time.Now().Before(end); time.Sleep(100 * time.Millisecond) {
		res, err := hc.Get(*base + "/readyz")
		if err == nil {
			res.Body.Close()
			if res.StatusCode == http.StatusOK {
				return nil
			}
		}
	}
	return fmt.Errorf("%s/readyz did not answer 200 within %s", *base, *timeout)
}

func freePort() error {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	defer ln.Close()
	fmt.Println(ln.Addr().(*net.TCPAddr).Port)
	return nil
}

// createDB makes a fresh database the way internal/testkit does (UTF-8 locale,
// which the search trigram index needs) and prints its URL.
func createDB(args []string) error {
	fs := flag.NewFlagSet("createdb", flag.ContinueOnError)
	admin := fs.String("admin", "", "postgres:// URL of a database to connect to for CREATE DATABASE")
	if err := fs.Parse(args); err != nil {
		return err
	}
	ctx := context.Background()
	db, err := sqldb.OpenPostgres(ctx, *admin, sqldb.Options{MaxOpen: 1})
	if err != nil {
		return err
	}
	defer db.Close()
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	name := "tongban_sigkill_" + hex.EncodeToString(b)
	if _, err := db.W(ctx).ExecContext(ctx, `CREATE DATABASE `+name+` TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8'`); err != nil {
		return err
	}
	u, err := url.Parse(*admin)
	if err != nil {
		return err
	}
	u.Path = "/" + name
	fmt.Println(u.String())
	return nil
}

func dropDB(args []string) error {
	fs := flag.NewFlagSet("dropdb", flag.ContinueOnError)
	admin := fs.String("admin", "", "postgres:// URL to connect to")
	target := fs.String("db", "", "postgres:// URL of the database to drop (made by createdb)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	u, err := url.Parse(*target)
	if err != nil {
		return err
	}
	name := strings.TrimPrefix(u.Path, "/")
	if !strings.HasPrefix(name, "tongban_sigkill_") {
		return fmt.Errorf("refusing to drop %q: not a database createdb made", name)
	}
	ctx := context.Background()
	db, err := sqldb.OpenPostgres(ctx, *admin, sqldb.Options{MaxOpen: 1})
	if err != nil {
		return err
	}
	defer db.Close()
	_, err = db.W(ctx).ExecContext(ctx, `DROP DATABASE IF EXISTS `+name+` WITH (FORCE)`)
	return err
}
