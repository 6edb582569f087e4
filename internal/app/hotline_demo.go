package app

import (
	"context"
	"fmt"

	"github.com/tongban/tongban/internal/hotline"
)

// hotlineClasses is the classification tree every install starts with. It
// is Tongban's own working tree, not the GB/T 39666-2020 code table (whose
// structure this project has not verified); administrators change it freely.
var hotlineClasses = []hotline.Class{
	{Code: "01", Name: "市场监管", Keywords: "食品 价格 消费 假冒"},
	{Code: "0101", ParentCode: "01", Name: "食品安全", Keywords: "过期 变质 食品 餐馆"},
	{Code: "0102", ParentCode: "01", Name: "价格收费", Keywords: "价格 收费 乱收费"},
	{Code: "0103", ParentCode: "01", Name: "消费维权", Keywords: "退货 质量 商家"},
	{Code: "02", Name: "生态环境", Keywords: "污染 噪音 排污"},
	{Code: "0201", ParentCode: "02", Name: "噪声污染", Keywords: "噪音 扰民"},
	{Code: "0202", ParentCode: "02", Name: "水和大气污染", Keywords: "污水 排放 烟尘 异味"},
	{Code: "03", Name: "城乡建设", Keywords: "道路 住房 物业"},
	{Code: "0301", ParentCode: "03", Name: "道路交通", Keywords: "道路 公交 客运"},
	{Code: "0302", ParentCode: "03", Name: "住房物业", Keywords: "物业 房屋 小区"},
	{Code: "04", Name: "社会保障", Keywords: "社保 医保 就业"},
	{Code: "0401", ParentCode: "04", Name: "社保就业", Keywords: "社保 养老 就业 工资"},
	{Code: "0402", ParentCode: "04", Name: "医疗保障", Keywords: "医保 报销"},
	{Code: "05", Name: "教育卫生", Keywords: "学校 医院"},
	{Code: "0501", ParentCode: "05", Name: "教育", Keywords: "学校 入学 转学"},
	{Code: "0502", ParentCode: "05", Name: "医疗卫生", Keywords: "医院 诊所"},
	{Code: "06", Name: "农业农村", Keywords: "农业 补贴 农机"},
	{Code: "07", Name: "公用事业", Keywords: "水 电 气"},
	{Code: "0701", ParentCode: "07", Name: "供水", Keywords: "停水 水压 水费"},
	{Code: "0702", ParentCode: "07", Name: "供电", Keywords: "停电 电费"},
	{Code: "0703", ParentCode: "07", Name: "燃气", Keywords: "燃气 天然气"},
	{Code: "08", Name: "政务服务", Keywords: "办事 窗口 材料"},
	{Code: "99", Name: "其他"},
}

// installHotlineClasses gives an install the starting classification tree.
func (a *App) installHotlineClasses(ctx context.Context, home string) error {
	for i, c := range hotlineClasses {
		c.Active, c.Sort = true, i
		if err := a.Hotline.InstallClass(ctx, home, c); err != nil {
			return fmt.Errorf("hotline class %s: %w", c.Code, err)
		}
	}
	return nil
}

// demoRule is a dispatch rule of the demo county, naming its department by slug.
type demoRule struct {
	name, expression, department string
	priority                     int
}

// demoRules route the demo county's tickets: 南湖镇's market complaints and
// reports first, then keywords, then one rule per class, and consultations
// about services to the government service centre.
var demoRules = []demoRule{
	{"南湖镇市场类投诉举报", `township == "620825101" && category in ["投诉", "举报"] && classification.startsWith("01")`, "market-regulation", 10},
	{"南湖镇环境类投诉举报", `township == "620825101" && category in ["投诉", "举报"] && classification.startsWith("02")`, "ecology", 11},
	{"食品安全关键词", `category in ["投诉", "举报"] && ["过期", "变质", "缺斤少两"].exists(k, text.contains(k))`, "market-regulation", 20},
	{"市场监管", `classification.startsWith("01")`, "market-regulation", 30},
	{"生态环境", `classification.startsWith("02")`, "ecology", 31},
	{"道路交通", `classification == "0301"`, "transport", 32},
	{"住房物业", `classification == "0302"`, "housing", 33},
	{"社保就业", `classification == "0401"`, "hrss", 34},
	{"医疗保障", `classification == "0402"`, "medical-security", 35},
	{"教育", `classification == "0501"`, "education", 36},
	{"医疗卫生", `classification == "0502"`, "health", 37},
	{"农业农村", `classification.startsWith("06")`, "agriculture", 38},
	{"供水", `classification == "0701"`, "water-supply", 39},
	{"供电", `classification == "0702"`, "power-supply", 40},
	{"燃气", `classification == "0703"`, "gas-supply", 41},
	{"政务服务", `classification.startsWith("08") || category == "咨询"`, "service-center", 50},
}

// demoArticles are a few knowledge-base entries about demo items. They tell
// callers where to look rather than stating rules the demo cannot vouch for.
var demoArticles = []hotline.Article{
	{Title: "开饭店、卖食品要办什么证", Keywords: "食品经营许可 开饭店 小吃店 餐饮",
		Body:  "经营食品（含餐饮服务）一般需要办理食品经营许可；只销售预包装食品的，办理备案即可。可在通办平台搜索“食品经营许可”查看办事指南、所需材料和承诺时限，也可到县政务服务中心商事登记窗口咨询。",
		Items: []hotline.ItemRef{{Slug: "food-biz-license", Name: "食品经营许可（新办）"}, {Slug: "prepackaged-food-filing", Name: "仅销售预包装食品备案"}}},
	{Title: "身份证丢了怎么补办", Keywords: "身份证 补领 丢失",
		Body:  "居民身份证丢失的，可申请补领。办理地点、材料和时限以“居民身份证补领”办事指南为准，可在通办平台查看，或到县政务服务中心公安综合窗口办理。",
		Items: []hotline.ItemRef{{Slug: "id-card-reissue", Name: "居民身份证补领"}}},
	{Title: "异地看病怎么报销医保", Keywords: "异地就医 备案 医保 报销",
		Body:  "到外地就医前，可先办理异地就医备案，备案后在就医地联网定点医院可直接结算；未能直接结算的，可按规定申请零星报销。具体条件见相关办事指南。",
		Items: []hotline.ItemRef{{Slug: "remote-medical-filing", Name: "异地就医备案"}, {Slug: "medical-reimbursement", Name: "医疗费用手工（零星）报销"}}},
	{Title: "新房装修要开通用水、用电", Keywords: "用水报装 用电报装 通水 通电",
		Body:  "居民新开通用水、用电，分别向县自来水公司、县供电公司申请报装，也可在通办平台在线申请，办理进度可在“我的办件”查看。",
		Items: []hotline.ItemRef{{Slug: "water-connect", Name: "用水报装"}, {Slug: "power-connect", Name: "低压用电报装（居民、小微企业）"}}},
}

// installHotlineDemo loads the demo county's dispatch rules and articles.
func (a *App) installHotlineDemo(ctx context.Context) error {
	for _, r := range demoRules {
		d, err := a.Store.GetDepartmentBySlug(ctx, r.department)
		if err != nil {
			return fmt.Errorf("hotline rule %s: department %s: %w", r.name, r.department, err)
		}
		if err := a.Hotline.InstallRule(ctx, hotline.Rule{Name: r.name, Expression: r.expression, DepartmentID: d.ID,
			Priority: r.priority, Active: true}); err != nil {
			return fmt.Errorf("hotline rule %s: %w", r.name, err)
		}
	}
	for _, art := range demoArticles {
		if err := a.Hotline.InstallArticle(ctx, art); err != nil {
			return fmt.Errorf("hotline article %s: %w", art.Title, err)
		}
	}
	return nil
}

// installHotline installs the hotline's starting data in the install's
// transaction: the classification tree, and for the demo county its rules
// and articles.
func (a *App) installHotline(ctx context.Context, home string, withDemo bool) error {
	if err := a.installHotlineClasses(ctx, home); err != nil {
		return err
	}
	if !withDemo {
		return nil
	}
	return a.installHotlineDemo(ctx)
}
