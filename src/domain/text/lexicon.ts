/**
 * Requirement vocabulary: concepts that customers, sales and support name with different words,
 * in Chinese and English ("导出 / 下载 / export", "报警 / 告警 / alarm"). The tokeniser adds a
 * concept token (`~export`) wherever one of its words appears, so two wordings of one need meet on
 * the concept even when they share no word, and a Chinese and an English wording find each other.
 *
 * Written for this app from general requirement vocabulary (CRM, manufacturing, e-commerce, SaaS,
 * finance), not from any evaluation text. Chinese words are matched as substrings of a Han run, so
 * entries are at least two characters unless a single one is unambiguous in requirements (慢, 贵);
 * English words are matched after the tokeniser's stemming, one to three words.
 *
 * One line per concept: `id | Chinese words | English words`.
 */
const CONCEPT_LINES = `
export | 导出,下载,导成,输出到 | export,download
import | 导入,批量录入,批量导入 | import
upload | 上传,传上来 | upload
alarm | 报警,告警,预警,警报,报警器 | alarm,alert,warning,warn
false-alarm | 误报,虚警,乱报 | false alarm,false positive,false alert
customer | 客户,顾客,客人 | customer,client
buyer | 买家,顾客,消费者,买方 | buyer,shopper,consumer
user | 用户,使用者 | user
slow | 慢,缓慢,卡顿,转圈,等很久,要等,半天,很久 | slow,lag,sluggish,take long,takes long
timeout | 超时 | timeout,time out
speed | 速度,性能,响应时间,加载 | speed,performance,load,loading
report | 报表,报告,月报,日报,周报,统计表 | report
statistics | 统计,分析,汇总 | statistic,analytic,analysis,summary
notify | 通知,提醒,提示,推送,消息,告知,通报 | notify,notification,remind,reminder,push,message,tell
mobile | 手机,移动端,移动版,手机版 | mobile,phone,smartphone,app,on the road
tablet | 平板 | tablet
approval | 审批,审核,批准,签字,签批 | approve,approval,sign off,review
permission | 权限,授权,角色,可见范围 | permission,role,access,authorise,authorize
mask | 脱敏,隐藏,打码,隐去 | mask,hide,redact
encrypt | 加密,明文 | encrypt,encryption,plain text
login | 登录,登陆,扫码登录,单点登录 | login,log in,sign in,single sign-on,sso
two-factor | 验证码,双因素,动态码,二次验证,动态验证 | two-factor,2fa,one-time code,otp,verification code
search | 搜索,查询,检索,查找,搜不到,找不到 | search,find,query,look up,lookup
filter | 筛选,过滤,筛 | filter
duplicate | 重复,查重,撞单,去重,重复录入 | duplicate,deduplicate,twice
contract | 合同,协议,签约 | contract,agreement
renew | 续约,续费,续签,续期 | renew,renewal
expire | 到期,过期,截止,期限 | expire,expiry,due,deadline
invoice | 发票,开票 | invoice,receipt
payment | 付款,支付,付费,交钱,收款,打款 | pay,payment
refund | 退款,退钱,退回 | refund
return | 退货,退换货,换货 | return,exchange
price | 价格,收费,费用,报价,定价,计费,贵,便宜,太高 | price,pricing,cost,fee,charge,expensive,cheap,cheaper
discount | 折扣,优惠,打折,折扣价,让利 | discount,offer
instalment | 按月,按季度,分期,按季,月付,分两期 | monthly,quarterly,instalment,installment
plan | 套餐,版本,档位,订阅 | plan,tier,subscription,edition
training | 培训,教程,讲解,教一下,上手,手册 | training,train,tutorial,teach,manual
support | 客服,技术支持,售后,支持人员,服务热线 | support,helpdesk,service desk,after-sales
respond | 响应,回复,答复,处理 | respond,response,reply,answer,handle
on-site | 上门,到场,到现场,现场服务 | on site,on-site,field engineer,visit
partner | 合作伙伴,代理商,代理,渠道,伙伴,分成 | partner,partnership,reseller,channel,referral
joint-development | 联合开发,一起开发,合作开发,联合研发,一起做 | co-develop,jointly develop,joint development,together
marketing | 推广,营销,宣传,促销,市场活动 | marketing,promotion,promote,campaign,co-marketing
integration | 对接,打通,集成,直连,直联,联动 | integrate,integration,connect
sync | 同步 | sync,synchronise,synchronize
api | 接口,开放接口 | api,interface,endpoint
wecom | 企业微信 | wecom,enterprise wechat
wechat | 微信 | wechat
dingtalk | 钉钉 | dingtalk
equipment | 设备,机器,机台,机床 | equipment,machine,device
sensor | 传感器 | sensor
maintenance | 保养,维护,检修,点检,换油 | maintenance,maintain,servicing
repair | 维修,修理,报修,修好 | repair,fix
fault | 故障,坏了,停机,失灵 | fault,failure,breakdown,downtime,break down
order | 订单,下单,单子 | order
checkout | 结算,下单页,支付页 | checkout
shipping | 物流,快递,发货,配送,派送,签收 | shipping,delivery,parcel,ship,courier,logistic
shipping-label | 面单,快递单 | shipping label,label
stock | 库存,存货,断货,缺货 | stock,inventory,out of stock
spare-part | 备件,备品 | spare part
coupon | 优惠券,代金券 | coupon,voucher
loyalty | 积分 | point,loyalty
member | 会员 | member,membership
recommend | 推荐 | recommend,recommendation
product | 商品,产品 | product,item
photo | 图片,照片,拍照,相片 | image,photo,picture
attachment | 附件 | attachment,attach
file | 文件,文档 | file,document
version-history | 历史版本,版本回退,还原,回退,旧版 | version history,restore,roll back,previous version
audit-log | 日志,审计,操作记录,修改记录 | log,audit,audit trail
task | 任务,待办 | task,to-do
project | 项目 | project
meeting | 会议,开会,会议室 | meeting,meeting room
employee | 员工,新人,同事,人员 | employee,staff,colleague,hire
onboarding | 入职,开通账号 | onboarding,new hire
account | 账号,账户 | account
external | 外部,访客,合作方,外链 | guest,external,outside
interface | 界面,页面,布局,按钮,菜单,导航 | interface,ui,page,layout,button,menu,navigation
readability | 字太小,看不清,分不清,看不懂 | small font,hard to read,unreadable
colour | 颜色,配色 | colour,color
language | 英文,中英文,英语,多语言,外籍 | english,language,foreign
dashboard | 看板,大屏,驾驶舱,仪表盘 | dashboard,board
chart | 曲线,趋势,图表,趋势图 | chart,trend,graph
bank | 银行,网银,银企 | bank,banking
reconcile | 对账,核对,对不上 | reconcile,reconciliation,match
voucher | 凭证,记账,账簿 | voucher,ledger,journal,bookkeeping
cash-flow | 现金流,资金,现金 | cash flow,cash
forecast | 预测,提前告诉,提前识别 | predict,forecast,prediction
churn | 流失 | churn
tax | 个税,税率,税务 | tax
payroll | 工资,薪资,社保 | payroll,salary,wage
currency | 币种,外币,美元,欧元,汇率 | currency,exchange rate,dollar,euro
trace | 追溯,倒查 | trace,traceability
energy | 能耗,用电,耗电,电量,能源 | energy,electricity,power consumption
oee | 稼动率,开机率,综合效率 | oee,effectiveness,utilisation,utilization
threshold | 阈值 | threshold
shift | 班次,白班,夜班,值班 | shift,on duty,on-duty
supervisor | 主管,领导,上级,老板,负责人 | supervisor,manager,boss,owner
escalate | 升级给,上报,自动升级 | escalate,escalation
field-visit | 拜访,外勤,跑客户 | visit,field,on the road
check-in | 签到,打卡,定位 | check in,clock in,location
attendance | 考勤 | attendance
phone-call | 来电,呼叫,拨打,电话 | call,phone call,caller
sms | 短信 | sms,text message
email | 邮件,邮箱 | email,e-mail,mail
group-buy | 拼团,成团 | group buy,group-buy,group buying
live-stream | 直播 | live stream,livestream,live
mini-program | 小程序 | mini program,mini-program
recognise | 识别,扫描,扫码 | recognise,recognize,scan,ocr,read automatically
template | 模板 | template
format | 格式,乱码 | format
field | 字段,填项,必填 | field
steps | 步骤,流程,环节,繁琐,麻烦,跳好几个 | step,process,workflow,cumbersome,too many pages
simplify | 简化,精简,一键,减少 | simplify,fewer,one click,one-scan,streamline,one step
batch | 批量,一次性,一键,全部 | bulk,batch,at once,in one go
one-by-one | 一个一个,逐个,一张一张,一笔一笔,一个个 | one by one
manual | 手工,手动,人工,手写,抄 | manual,manually,by hand,typing
automatic | 自动 | automatic,automatically
wrong | 错误,不对,不准,误差,出错,有误,不一致,不符,偏差,算错 | wrong,incorrect,error,inaccurate,mismatch
crash | 崩了,崩溃,宕机,访问不了,打不开,中断,挂了 | crash,down,outage,unavailable
availability | 可用性,稳定,高可用 | availability,uptime,stable,stability
security | 安全,泄露,外泄,不合规 | security,secure,leak
on-premises | 私有化部署,本地部署,本地服务器 | on-premises,on-premise,self-hosted
trial | 试用 | trial
budget | 预算 | budget
procurement | 采购 | purchase,procurement
expense | 报销 | expense,reimbursement,expense claim
receivable | 应收,账龄 | receivable,ageing,aging
overdue | 逾期,超期,延期,过了 | overdue,late
loan | 贷款,借款,还款,催收,授信,信贷 | loan,repayment,credit
risk | 风控,风险 | risk
algorithm | 算法,模型,规则 | algorithm,model,rule
customer-success | 客户成功,专属,专人,对接人 | customer success,dedicated
case-study | 案例,标杆 | case study,reference customer
event | 沙龙,研讨会,线下活动 | event,seminar,salon
multi-year | 多年,三年,长期 | multi-year,three year,long-term
after-hours | 周末,节假日,夜间,晚上,非工作时间 | weekend,night,holiday,24/7,after hours
release | 新版本,版本更新,改版,新版 | release,new version,update,upgrade
knowledge-base | 知识库 | knowledge base,wiki
evaluation | 评分,评级,等级,打分 | score,rating,grade
profile | 档案,资料,详情,信息 | profile,record,detail
contact | 联系人,联系方式,手机号,电话号码 | contact,phone number
tag | 标签 | tag,label
region | 区域,分公司,地区 | region,branch,regional
visible-to | 只能看到,看到所有,可以看到 | see only,can see,visible
complaint | 投诉,抱怨,不满 | complaint,complain
assign | 分配,转移,转给,分给,指派 | assign,assignment,reassign,transfer
handover | 交接,离职,调岗 | handover,hand over,leaver
screen-pop | 弹屏,弹出 | screen pop,pop up
privacy | 隐私,个人信息,敏感信息,身份证 | privacy,personal data,personal information,sensitive
zoom | 放大,缩放 | zoom,enlarge
visibility | 隔离,可见范围,只能看到,看全部,看不到 | visibility,isolate,see only
progress | 进度,处理到哪,跟踪 | progress,status,track
sales-figure | 销售额,业绩,销售金额,营业额 | revenue,sales figure,turnover
add | 增加,新增,添加,加上 | add
only | 只能,只有,仅能,仅支持 | only
cannot | 不能,无法,没法,不支持 | cannot,can't,unable
`;

export interface Concept {
  id: string;
  chinese: readonly string[];
  english: readonly string[];
}

export const CONCEPTS: readonly Concept[] = CONCEPT_LINES.trim()
  .split('\n')
  .map((line) => {
    const [id, chinese, english] = line.split('|').map((part) => part.trim());
    const words = (list: string | undefined) =>
      list!
        .split(',')
        .map((word) => word.trim())
        .filter((word) => word !== '');
    return { id: id!, chinese: words(chinese), english: words(english) };
  });

/** Concept tokens carry this prefix so they never collide with words or character n-grams. */
export const CONCEPT_PREFIX = '~';
