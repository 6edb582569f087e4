package rating

import (
	"slices"
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/tongban/tongban/internal/platform/apperr"
	"github.com/tongban/tongban/internal/platform/principal"
)

// Level is a satisfaction level, coded as the 好差评 interfaces code it
// (satisfaction 1 = 非常不满意 … 5 = 非常满意).
type Level int

// The five levels.
const (
	VeryDissatisfied Level = 1 // 非常不满意
	Dissatisfied     Level = 2 // 不满意
	Basic            Level = 3 // 基本满意
	Satisfied        Level = 4 // 满意
	VerySatisfied    Level = 5 // 非常满意
)

// Levels lists the levels best first, the order a rating form offers them.
var Levels = []Level{VerySatisfied, Satisfied, Basic, Dissatisfied, VeryDissatisfied}

// Valid reports whether l is one of the five levels.
func (l Level) Valid() bool { return l >= VeryDissatisfied && l <= VerySatisfied }

// Bad reports whether l is a 差评: 不满意 or 非常不满意.
func (l Level) Bad() bool { return l == Dissatisfied || l == VeryDissatisfied }

// Content reports whether l counts as satisfied in the satisfaction rate:
// 非常满意, 满意 or 基本满意.
func (l Level) Content() bool { return l >= Basic && l <= VerySatisfied }

// Channel is where a rating came from, coded as the 好差评 interfaces code it.
type Channel int

// The channels.
const (
	ChannelPC           Channel = 1 // PC端
	ChannelMobile       Channel = 2 // 移动端
	ChannelQR           Channel = 3 // 二维码
	ChannelHallPad      Channel = 4 // 政务大厅平板电脑
	ChannelHallTerminal Channel = 5 // 政务大厅其他终端
	ChannelSMS          Channel = 6 // 短信
	ChannelDefault      Channel = 7 // 系统默认评价
)

// Valid reports whether c is a known channel.
func (c Channel) Valid() bool { return c >= ChannelPC && c <= ChannelDefault }

// OnlineChannels are the channels a person rating from their own device may
// give; HallChannels those of a terminal in a hall, under a clerk's session.
var (
	OnlineChannels = []Channel{ChannelPC, ChannelMobile, ChannelQR}
	HallChannels   = []Channel{ChannelHallPad, ChannelHallTerminal}
)

// Mode is how a service was given: online (网上服务) or on site (现场服务).
// It decides the dimensions a rating has.
type Mode string

// The modes.
const (
	Online Mode = "online"
	Onsite Mode = "onsite"
)

// dimensions are the evaluation content of each mode besides the overall
// satisfaction (整体满意度), which is the level itself: online 办事效率,
// 办事指南精确度, 办事便捷度, 平台操作性; on site 服务效率, 服务水平, 服务态度.
var dimensions = map[Mode][]string{
	Online: {"efficiency", "guide_accuracy", "convenience", "usability"},
	Onsite: {"efficiency", "competence", "attitude"},
}

// Dimensions lists the dimensions of a mode, in the order a form asks them.
func Dimensions(m Mode) []string { return slices.Clone(dimensions[m]) }

// Stage is the kind of service a rating is about.
type Stage string

// The rateable services.
const (
	StageSubmit   Stage = "submit"   // the application was submitted or registered at a window
	StageAccept   Stage = "accept"   // the department accepted it (or refused to)
	StageConclude Stage = "conclude" // the case was decided
	StageVisit    Stage = "visit"    // a visit to a window (一次一评)
)

// Service is one rateable service: who received it, and everything a rating
// of it is attributed to — item, department, hall and window, staff member —
// as they were when it happened.
type Service struct {
	ID             int64
	Stage          Stage
	Mode           Mode
	CaseID         int64
	CaseNumber     string
	CaseEventID    int64 // the case timeline entry; 0 for a window visit
	PersonID       int64 // the applicant, who may rate it
	OrgID          int64 // the enterprise applied for; 0 for oneself
	ItemID         int64
	ItemName       string
	RegionCode     string
	DepartmentID   int64
	DepartmentName string
	HallID         int64
	HallName       string
	WindowID       int64
	WindowName     string
	StaffID        int64 // the staff member who acted; 0 for the applicant's own act
	StaffName      string
	At             time.Time
}

// Scope is the responsible department's scope.
func (s Service) Scope() principal.Scope {
	return principal.Scope{RegionCode: s.RegionCode, DepartmentID: s.DepartmentID}
}

// ownedBy reports whether p is the applicant who received the service.
func (s Service) ownedBy(p principal.Principal) bool {
	return p.IsPerson() && p.ID == s.PersonID && p.OrgID == s.OrgID
}

// Rating numbers (assessNumber): the first rating and the one follow-up.
const (
	First    = 1
	FollowUp = 2 // 追评
)

// Rating is one rating of a service.
type Rating struct {
	ID         int64
	ServiceID  int64
	Number     int // First or FollowUp
	Level      Level
	Dimensions map[string]int
	Comment    string
	Channel    Channel
	PersonID   int64
	OrgID      int64
	// RealName: the rater is known (signed in, or the applicant of the case
	// at the window), so a bad rating can be called back.
	RealName bool
	// Latest: no follow-up has replaced it in the statistics.
	Latest bool
	// Excluded: a review upheld the department's appeal, so the rating does
	// not count in any statistic.
	Excluded  bool
	CreatedAt time.Time
}

// Input is what a rater gives.
type Input struct {
	Level      Level
	Dimensions map[string]int
	Comment    string
	Channel    Channel
}

// maxComment bounds a comment: room for a full account, not for a document.
const maxComment = 500

// validate checks a rating of a service of mode through one of channels: a
// level, a comment for a bad one, dimensions of the mode each 1–5 (a
// dimension may be left out: the level is the overall satisfaction).
func (in *Input) validate(mode Mode, channels []Channel) error {
	in.Comment = strings.TrimSpace(in.Comment)
	var fs []apperr.FieldError
	switch {
	case !in.Level.Valid():
		fs = append(fs, apperr.FieldError{Field: "level", Key: "rating.level.required"})
	case in.Level.Bad() && in.Comment == "":
		fs = append(fs, apperr.FieldError{Field: "comment", Key: "rating.comment.required_bad"})
	}
	if utf8.RuneCountInString(in.Comment) > maxComment {
		fs = append(fs, apperr.FieldError{Field: "comment", Key: "rating.comment.too_long", Args: []any{maxComment}})
	}
	if !slices.Contains(channels, in.Channel) {
		fs = append(fs, apperr.FieldError{Field: "channel", Key: "form.choice"})
	}
	names := make([]string, 0, len(in.Dimensions))
	for k := range in.Dimensions {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, k := range names {
		switch v := in.Dimensions[k]; {
		case !slices.Contains(dimensions[mode], k):
			fs = append(fs, apperr.FieldError{Field: "dimensions", Key: "rating.dimension.unknown", Args: []any{k}})
		case v < 1 || v > 5:
			fs = append(fs, apperr.FieldError{Field: "dim_" + k, Key: "rating.dimension.range"})
		}
	}
	return apperr.Fields(fs)
}
