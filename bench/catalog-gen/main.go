// Command catalog-gen generates a synthetic service catalog of N items with
// realistic Chinese names — composed from the demo catalog's vocabulary — and
// loads it straight into a search index, without a database. With -bench it
// then runs a fixed mix of citizens' queries and reports latency percentiles,
// the index build time and its memory.
//
//	go run ./bench/catalog-gen -n 100000 -bench
//
// The catalog models a provincial install: the same kinds of item implemented
// by many county departments, each with its own name variant, keywords and
// topics, so the index holds many near-duplicates, as real ones do.
package main

import (
	"bufio"
	"encoding/json"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"runtime"
	"runtime/pprof"
	"slices"
	"strconv"
	"sync"
	"time"

	"github.com/tongban/tongban/internal/search"
)

// Vocabulary from the demo catalog (internal/demo/data/items.json).
var (
	// objects are what items are about, with keywords citizens use for them.
	objects = []struct {
		name     string
		keywords []string
		topics   []string
	}{
		{"个体工商户", []string{"个体户", "办营业执照", "开店", "开个小卖部", "摆摊办执照"}, []string{"开办企业"}},
		{"企业", []string{"注册公司", "开公司", "成立公司", "企业开办"}, []string{"开办企业"}},
		{"食品经营许可", []string{"开饭店", "开餐馆", "餐饮许可证", "开小吃店", "开面馆"}, []string{"开办企业", "医疗卫生"}},
		{"药品零售企业经营许可", []string{"开药店", "药店许可证", "开大药房"}, []string{"开办企业", "医疗卫生"}},
		{"公共场所卫生许可", []string{"开理发店", "开美容店", "开宾馆", "卫生许可证"}, []string{"医疗卫生"}},
		{"出生医学证明", []string{"出生证", "生孩子", "新生儿证明"}, []string{"生育收养"}},
		{"户口", []string{"上户口", "落户", "迁户口", "报户口"}, []string{"户籍办理"}},
		{"居民身份证", []string{"办身份证", "身份证丢了", "换身份证"}, []string{"证件办理"}},
		{"结婚登记", []string{"领结婚证", "扯证", "登记结婚"}, []string{"婚姻登记"}},
		{"社会保险", []string{"交社保", "社保增员", "单位参保"}, []string{"社会保障"}},
		{"失业保险金", []string{"失业金", "领失业金"}, []string{"就业创业", "社会保障"}},
		{"社会保障卡", []string{"办社保卡", "医保卡"}, []string{"社会保障"}},
		{"基本养老金", []string{"办退休", "退休手续", "领养老金"}, []string{"退休养老"}},
		{"城乡居民基本医疗保险", []string{"交医保", "农村医保", "新农合"}, []string{"医疗卫生"}},
		{"不动产转移登记", []string{"房子过户", "二手房过户", "买房办证"}, []string{"不动产"}},
		{"抵押权登记", []string{"房子抵押", "按揭登记"}, []string{"不动产"}},
		{"建设工程规划许可证", []string{"办规划证", "建房审批"}, []string{"工程建设"}},
		{"建筑工程施工许可证", []string{"施工许可证", "开工证"}, []string{"工程建设"}},
		{"道路货物运输经营许可", []string{"货运许可证", "跑运输办证"}, []string{"交通出行"}},
		{"动物防疫条件合格证", []string{"养殖场防疫证", "开养殖场", "养牛场手续"}, []string{"农林牧渔"}},
		{"林木采伐许可证", []string{"砍树", "伐木证", "采伐证"}, []string{"农林牧渔"}},
		{"教师资格", []string{"教资认定", "教师资格证"}, []string{"教育科研"}},
		{"残疾人证", []string{"办残疾证", "评残"}, []string{"残疾人服务"}},
		{"最低生活保障", []string{"吃低保", "申请低保", "低保户"}, []string{"民生保障"}},
		{"高龄老人补贴", []string{"高龄补贴", "老人补贴"}, []string{"退休养老"}},
		{"住房公积金", []string{"公积金提取", "取公积金", "公积金贷款"}, []string{"住房保障"}},
		{"发票", []string{"领发票", "开发票"}, []string{"税收财务"}},
		{"烟草专卖零售许可证", []string{"卖烟", "烟草证", "办烟证"}, []string{"开办企业"}},
		{"低压用电报装", []string{"装电表", "通电", "接电"}, []string{"水电气"}},
		{"用水报装", []string{"装水表", "通水"}, []string{"水电气"}},
		{"特种设备使用登记", []string{"电梯登记", "锅炉登记"}, []string{"开办企业"}},
		{"旅馆业特种行业许可证", []string{"开旅馆", "开民宿"}, []string{"开办企业"}},
		{"机动车驾驶证", []string{"驾照到期", "换驾照"}, []string{"交通出行"}},
		{"医疗机构执业登记", []string{"开医院", "开门诊部"}, []string{"医疗卫生"}},
		{"诊所备案", []string{"开诊所", "个体诊所"}, []string{"医疗卫生"}},
		{"城镇污水排入排水管网许可", []string{"排水许可证", "开饭店排水"}, []string{"生态环保"}},
		{"公共租赁住房", []string{"公租房", "廉租房"}, []string{"民生保障"}},
		{"网络预约出租汽车运输证", []string{"网约车证", "跑滴滴办证"}, []string{"交通出行"}},
		{"民办幼儿园", []string{"办幼儿园", "开幼儿园"}, []string{"教育科研"}},
		{"农药经营许可", []string{"卖农药", "农资店办证"}, []string{"农林牧渔"}},
		{"取水许可", []string{"打井取水", "取水证"}, []string{"农林牧渔"}},
		{"建设项目环境影响报告表", []string{"环评审批", "环评批复"}, []string{"生态环保"}},
		{"娱乐场所经营许可", []string{"开KTV", "开歌厅"}, []string{"文化体育"}},
		{"契税", []string{"交契税", "买房交税"}, []string{"税收财务"}},
		{"养老机构", []string{"开养老院", "托老所备案"}, []string{"退休养老"}},
		{"社会团体", []string{"成立协会", "成立商会"}, []string{"开办企业"}},
	}
	actions    = []string{"设立登记", "变更登记", "注销登记", "延续", "核发", "换发", "补发", "备案", "审批", "申领", "认定", "首次登记"}
	qualifiers = []string{"", "", "", "（新办）", "（个人）", "（企业）", "（县级权限）", "（首次申请）", "（存量房买卖）"}
	depts      = []string{"县市场监管局", "县公安局", "县卫健局", "县人社局", "县医保局", "县民政局", "县不动产登记中心", "县住建局",
		"县交通运输局", "县农业农村局", "县林草局", "县教育局", "县残联", "县公积金管理部", "县税务局", "县供电公司", "县水务局",
		"县文旅局", "县生态环境局", "县自然资源局"}
	objectLabels = []string{"自然人", "企业法人", "事业法人", "社会组织法人", "非法人企业"}
)

// item builds the i-th synthetic item.
func item(r *rand.Rand, i int) search.Doc {
	o := objects[r.IntN(len(objects))]
	act := actions[r.IntN(len(actions))]
	name := o.name + act + qualifiers[r.IntN(len(qualifiers))]
	region := fmt.Sprintf("62%02d%02d", 1+r.IntN(14), 1+r.IntN(12)) // ~170 county-level regions
	d := search.Doc{
		Kind: search.KindItem, ID: int64(i + 1), Slug: "synthetic-" + strconv.Itoa(i+1), Name: name,
		MainItem: o.name, BusinessItem: act, RegionCode: region, HighFreq: r.IntN(10) == 0,
		PromisedDays: r.IntN(20), OnlineLevel: r.IntN(5),
		Topics: o.topics,
	}
	dep := depts[r.IntN(len(depts))]
	d.Department = search.Facet{Value: fmt.Sprintf("dept-%s-%d", region, r.IntN(30)), Label: dep}
	n := 2 + r.IntN(len(o.keywords)-1)
	for _, k := range r.Perm(len(o.keywords))[:min(n, len(o.keywords))] {
		d.Keywords = append(d.Keywords, o.keywords[k])
	}
	d.Keywords = append(d.Keywords, "办"+o.name, o.name+act)
	for j := range 1 + r.IntN(2) {
		code := 1 + (j+r.IntN(5))%5
		d.Objects = append(d.Objects, search.Facet{Value: strconv.Itoa(code), Label: objectLabels[code-1]})
	}
	return d
}

// queries is the fixed mix: colloquial phrases, exact names, pinyin, initials,
// typos, multi-word, one character, and nonsense.
var queries = []string{
	"开饭店", "生孩子", "办营业执照", "办退休", "房子过户", "我想开个饭店", "上户口", "身份证丢了", "交医保", "开药店",
	"食品经营许可延续", "个体工商户设立登记", "不动产转移登记", "居民身份证补发", "建筑工程施工许可证核发",
	"kaifandian", "shipinjingying", "spjy", "gtgsh", "banyingyezhizhao",
	"营业直照", "补办身分证", "食品经营许克", "公积金 提取", "社保 增员",
	"房", "证", "登记", "许可",
	"火星移民签证", "宠物恐龙登记证",
}

func main() {
	n := flag.Int("n", 100_000, "number of items to generate")
	seed := flag.Uint64("seed", 1, "random seed (the same seed gives the same catalog)")
	bench := flag.Bool("bench", false, "run the query mix and report latency percentiles")
	rounds := flag.Int("rounds", 100, "with -bench: how many times the query mix runs")
	out := flag.String("out", "", "write the generated catalog as JSON lines to this file")
	cpuProfile := flag.String("cpuprofile", "", "write a CPU profile of the build and the benchmark to this file")
	only := flag.String("query", "", "with -bench: run only this query instead of the mix")
	flag.Parse()
	if *only != "" {
		queries = []string{*only}
	}
	if *cpuProfile != "" {
		f, err := os.Create(*cpuProfile)
		if err == nil {
			err = pprof.StartCPUProfile(f)
		}
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		defer pprof.StopCPUProfile()
	}

	before := heap()
	r := rand.New(rand.NewPCG(*seed, *seed^0x9e3779b97f4a7c15))
	docs := make([]search.Doc, *n)
	for i := range docs {
		docs[i] = item(r, i)
	}
	if *out != "" {
		if err := writeJSONLines(*out, docs); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
	}

	start := time.Now()
	idx := search.NewIndex()
	idx.PutAll(docs)
	syns := make([]search.Synonym, len(search.DefaultSynonyms))
	for i, s := range search.DefaultSynonyms {
		syns[i] = search.Synonym{RegionCode: "62", Phrase: s.Phrase, Target: s.Target}
	}
	idx.SetSynonyms(syns, "620825")
	build := time.Since(start)
	docs = nil // only the index (which shares the documents' strings) stays alive
	mem := heap() - before
	runtime.KeepAlive(idx)

	fmt.Printf("items: %d (seed %d)\n", idx.Len(), *seed)
	fmt.Printf("build: %v (%.1f µs/item)\n", build.Round(time.Millisecond), float64(build.Microseconds())/float64(max(*n, 1)))
	fmt.Printf("index heap: %.1f MiB (%.2f KiB/item)\n", float64(mem)/(1<<20), float64(mem)/1024/float64(max(*n, 1)))
	fmt.Printf("go: %s, GOMAXPROCS %d, %s/%s\n", runtime.Version(), runtime.GOMAXPROCS(0), runtime.GOOS, runtime.GOARCH)
	if !*bench {
		return
	}
	runBench(idx, *rounds)
}

func runBench(idx *search.Index, rounds int) {
	for _, q := range queries { // warm up, and show what each query finds
		res := idx.Search(search.Query{Text: q, Region: "620825"})
		top := ""
		if len(res.Hits) > 0 {
			top = res.Hits[0].Name
		} else if len(res.Guesses) > 0 {
			top = "(guess) " + res.Guesses[0].Name
		}
		fmt.Printf("  %-18s good=%-5v total=%-6d top=%.2f %s\n", q, res.GoodMatch, res.Total, res.TopScore, top)
	}
	lat := make([]time.Duration, 0, rounds*len(queries))
	per := map[string][]time.Duration{}
	start := time.Now()
	for range rounds {
		for _, q := range queries {
			t := time.Now()
			idx.Search(search.Query{Text: q, Region: "620825", Limit: 20})
			d := time.Since(t)
			lat = append(lat, d)
			per[q] = append(per[q], d)
		}
	}
	wall := time.Since(start)
	fmt.Printf("search: %d queries in %v (%.0f queries/s on one goroutine)\n", len(lat), wall.Round(time.Millisecond), float64(len(lat))/wall.Seconds())
	fmt.Printf("search latency: p50 %v  p95 %v  p99 %v  max %v\n", pct(lat, 50), pct(lat, 95), pct(lat, 99), pct(lat, 100))
	type qp struct {
		q   string
		p50 time.Duration
	}
	var byQuery []qp
	for q, ds := range per {
		byQuery = append(byQuery, qp{q, pct(ds, 50)})
	}
	slices.SortFunc(byQuery, func(a, b qp) int { return int(b.p50 - a.p50) })
	fmt.Print("slowest queries (p50):")
	for _, x := range byQuery[:min(5, len(byQuery))] {
		fmt.Printf(" %s %v;", x.q, x.p50)
	}
	fmt.Println()

	// Throughput with every core busy, as a node under load would be.
	workers := runtime.GOMAXPROCS(0)
	var wg sync.WaitGroup
	start = time.Now()
	for w := range workers {
		wg.Go(func() {
			for i := range rounds * len(queries) / workers {
				idx.Search(search.Query{Text: queries[(i+w)%len(queries)], Region: "620825", Limit: 20})
			}
		})
	}
	wg.Wait()
	n := rounds * len(queries) / workers * workers
	fmt.Printf("throughput: %.0f queries/s on %d goroutines\n", float64(n)/time.Since(start).Seconds(), workers)

	// The feed's path: one changed item re-indexed.
	var up []time.Duration
	for i := range 200 {
		d := item(rand.New(rand.NewPCG(uint64(i), 7)), i*97)
		d.Keywords = append(d.Keywords, "更新"+strconv.Itoa(i))
		t := time.Now()
		idx.Put(d)
		up = append(up, time.Since(t))
	}
	fmt.Printf("update (Put of a changed item): p50 %v  p95 %v\n", pct(up, 50), pct(up, 95))

	var sl []time.Duration
	for range rounds {
		for _, p := range []string{"食品", "开饭", "shipin", "spjy", "gtgs", "不动产"} {
			t := time.Now()
			idx.Suggest(p, 8)
			sl = append(sl, time.Since(t))
		}
	}
	fmt.Printf("suggest latency: p50 %v  p95 %v  p99 %v\n", pct(sl, 50), pct(sl, 95), pct(sl, 99))
}

func pct(ds []time.Duration, p int) time.Duration {
	s := slices.Clone(ds)
	slices.Sort(s)
	i := min(len(s)-1, (len(s)*p)/100)
	return s[i].Round(time.Microsecond)
}

func heap() uint64 {
	runtime.GC()
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapAlloc
}

func writeJSONLines(path string, docs []search.Doc) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	w := bufio.NewWriter(f)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	for _, d := range docs {
		if err := enc.Encode(d); err != nil {
			f.Close()
			return err
		}
	}
	if err := w.Flush(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
