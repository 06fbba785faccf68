/**
 * The one catalogue of problem+json messages: every `code` the API can answer with, in Simplified
 * Chinese (the default) and English. The code stays the stable, machine-readable part; these are
 * the human-readable `title` (and, in Chinese, `detail`) for it. test/i18n/problem-messages.spec.ts
 * fails when a code the code base can throw has no entry in both languages.
 */
export type Language = 'zh-CN' | 'en';

export type Messages = Readonly<Record<Language, string>>;

export const PROBLEM_MESSAGES: Readonly<Record<string, Messages>> = {
  // HTTP and platform
  BAD_REQUEST: { 'zh-CN': '请求无效。', en: 'The request is not valid.' },
  UNAUTHENTICATED: {
    'zh-CN': '请先登录：请求需要有效的访问令牌（Bearer token）。',
    en: 'Sign in first: the request needs a valid bearer token.',
  },
  FORBIDDEN: { 'zh-CN': '无权执行此操作。', en: 'You may not do this.' },
  NOT_FOUND: { 'zh-CN': '未找到所请求的资源。', en: 'Nothing was found here.' },
  METHOD_NOT_ALLOWED: { 'zh-CN': '此地址不支持该请求方法。', en: 'This method is not allowed here.' },
  NOT_ACCEPTABLE: { 'zh-CN': '无法以所请求的格式作答。', en: 'No answer in the requested format.' },
  CONFLICT: { 'zh-CN': '请求与记录的当前状态冲突。', en: 'The request conflicts with the current state of the record.' },
  PAYLOAD_TOO_LARGE: { 'zh-CN': '请求体过大。', en: 'The request body is too large.' },
  UNSUPPORTED_MEDIA_TYPE: { 'zh-CN': '不支持该内容类型。', en: 'This content type is not supported.' },
  UNPROCESSABLE: { 'zh-CN': '请求内容无法处理。', en: 'The request cannot be processed.' },
  TOO_MANY_REQUESTS: { 'zh-CN': '请求过于频繁，请稍后再试。', en: 'Too many requests; retry later.' },
  RATE_LIMITED: { 'zh-CN': '请求过于频繁，请稍后再试。', en: 'Too many requests; retry later.' },
  INTERNAL_ERROR: { 'zh-CN': '发生意外错误，已记录日志。', en: 'An unexpected error occurred; it has been logged.' },
  DEPENDENCY_UNAVAILABLE: {
    'zh-CN': '后台服务暂不可用，未作任何更改，请稍后重试。',
    en: 'A backing service is unavailable; nothing was changed. Retry later.',
  },
  MALFORMED_JSON: { 'zh-CN': '请求体不是有效的 JSON。', en: 'The request body is not valid JSON.' },
  UNSUPPORTED_ENCODING: { 'zh-CN': '不支持该内容编码。', en: 'Unsupported content encoding.' },
  UNSUPPORTED_CHARSET: { 'zh-CN': 'JSON 须以 UTF-8 编码发送。', en: 'Send JSON as UTF-8.' },
  REQUEST_ABORTED: { 'zh-CN': '请求已中断。', en: 'The request was aborted.' },
  VALIDATION_FAILED: { 'zh-CN': '请求内容未通过校验。', en: 'The request is not valid.' },
  INPUT_CONTAINS_NUL: {
    'zh-CN': '请求中含有无法保存的字符 U+0000。',
    en: 'The request contains the character U+0000, which cannot be stored.',
  },
  INPUT_CONTAINS_LONE_SURROGATE: {
    'zh-CN': '请求中含有孤立的 UTF-16 代理项（无效的 Unicode），无法保存。',
    en: 'The request contains a lone UTF-16 surrogate (invalid Unicode), which cannot be stored.',
  },
  ROLE_NOT_PERMITTED: { 'zh-CN': '您的角色无权调用此接口。', en: 'Your role may not call this endpoint.' },
  ROUTE_NOT_PERMITTED: { 'zh-CN': '此接口不向任何角色开放。', en: 'This endpoint is not open to any role.' },
  // The portal's development login (AUTH_MODE=dev only)
  DEV_LOGIN_UNAVAILABLE: {
    'zh-CN': '开发登录仅在 AUTH_MODE=dev 时可用；请通过本单位统一身份认证登录。',
    en: 'The development login exists only with AUTH_MODE=dev; sign in through the unit’s single sign-on.',
  },
  DEMO_USER_UNKNOWN: { 'zh-CN': '不是演示用户之一。', en: 'This is not one of the demo users.' },
  ROLE_NOT_ALLOWED: { 'zh-CN': '您的角色不能执行此操作。', en: 'Your role may not do this.' },
  CONCURRENT_MODIFICATION: { 'zh-CN': '记录已被他人修改，请刷新后重试。', en: 'Someone changed this record meanwhile; reload and retry.' },
  STALE_REVISION: { 'zh-CN': '记录的版本已变化，请刷新后重试。', en: 'The record is at another revision; reload and retry.' },
  READ_AFTER_INVALID: {
    'zh-CN': 'X-Chengguo-Read-After 须列出命令返回的写入（<streamId>@<revision>，至多 8 个），X-Chengguo-Wait-Ms 须为 0–10000 的毫秒数。',
    en: 'X-Chengguo-Read-After lists writes as commands answered them (<streamId>@<revision>, at most 8); X-Chengguo-Wait-Ms is 0–10000 ms.',
  },
  READ_MODEL_BEHIND: {
    'zh-CN': '读取模型尚未反映您刚才的写入，请稍后重试。',
    en: 'The read model has not caught up with your write yet; retry shortly.',
  },
  IF_MATCH_INVALID: { 'zh-CN': 'If-Match 须为记录版本号，例如 "3"。', en: 'If-Match must be a stream revision, e.g. "3".' },
  IDEMPOTENCY_CONFLICT: { 'zh-CN': '该命令标识已用于另一组事件。', en: 'This command id was already used for different events.' },
  IDEMPOTENCY_KEY_INVALID: {
    'zh-CN': 'Idempotency-Key 须为 8–128 个可见 ASCII 字符。',
    en: 'Idempotency-Key must be 8–128 visible ASCII characters.',
  },
  IDEMPOTENCY_KEY_REUSED: {
    'zh-CN': '该 Idempotency-Key 已用于另一个请求。',
    en: 'This Idempotency-Key was used for a different request.',
  },
  IDEMPOTENCY_REQUEST_IN_PROGRESS: {
    'zh-CN': '使用该键的首个请求仍在处理中，请稍后重试。',
    en: 'The first request with this key is still running; retry shortly.',
  },
  STREAM_ID_INVALID: { 'zh-CN': '记录标识格式不正确。', en: 'The record id is malformed.' },
  SIGN_OFF_ID_INVALID: { 'zh-CN': '会签标识格式不正确。', en: 'The sign-off id is malformed.' },
  LEDGER_CURSOR_INVALID: {
    'zh-CN': '分页游标须原样使用上一页返回的 nextCursor。',
    en: 'cursor is the nextCursor of a previous page, unchanged.',
  },
  MONEY_NOT_WHOLE_FEN: { 'zh-CN': '金额须为非负整数（以分计）。', en: 'Amounts are non-negative whole fen.' },

  // Attachments
  ATTACHMENT_MULTIPART_REQUIRED: {
    'zh-CN': '请以 multipart/form-data 格式在 file 字段上传文件。',
    en: 'Upload a file as multipart/form-data in the field `file`.',
  },
  ATTACHMENT_FILE_MISSING: { 'zh-CN': '表单的 file 字段中没有文件。', en: 'The form has no file in the field `file`.' },
  ATTACHMENT_UPLOAD_INVALID: { 'zh-CN': '上传的表单不符合要求。', en: 'The upload form is not acceptable.' },
  ATTACHMENT_MULTIPART_MALFORMED: {
    'zh-CN': '请求体不是有效的 multipart/form-data。',
    en: 'The request body is not valid multipart/form-data.',
  },
  ATTACHMENT_TOO_LARGE: {
    'zh-CN': '附件超过允许的大小，未保存任何内容。',
    en: 'The attachment is larger than allowed; nothing was stored.',
  },
  ATTACHMENT_TYPE_NOT_ALLOWED: {
    'zh-CN': '不允许上传此类型的文件，未保存任何内容。',
    en: 'Files of this type cannot be attached; nothing was stored.',
  },
  ATTACHMENT_EMPTY: { 'zh-CN': '文件为空。', en: 'The file is empty.' },
  ATTACHMENT_INVALID_NAME: {
    'zh-CN': '文件名须为 1–255 个字符，且不含控制字符或路径分隔符。',
    en: 'A file name has 1 to 255 characters and no control characters or path separators.',
  },
  ATTACHMENT_INVALID_HASH: {
    'zh-CN': '附件以其内容的 SHA-256（小写十六进制）标识。',
    en: 'An attachment is named by the lower-case hex SHA-256 of its bytes.',
  },
  ATTACHMENT_NOT_FOUND: { 'zh-CN': '没有该附件，或您无权查看。', en: 'No such attachment, or it is not yours to read.' },

  // Disclosure (R1, R2)
  DISCLOSURE_ALREADY_EXISTS: { 'zh-CN': '已存在相同标识的成果披露。', en: 'A disclosure with this id already exists.' },
  DISCLOSURE_NOT_FOUND: { 'zh-CN': '没有该成果披露（或尚未生成）。', en: 'No such disclosure (yet).' },
  DISCLOSURE_NOT_YOURS: {
    'zh-CN': '只有起草该披露的完成人可以执行此操作。',
    en: 'Only the inventor who drafted this disclosure may do this.',
  },
  DISCLOSURE_WRONG_STATUS: { 'zh-CN': '该披露当前所处状态不允许此操作。', en: 'The disclosure’s current status does not allow this.' },
  DISCLOSURE_DUPLICATE_ATTACHMENT: { 'zh-CN': '同一附件被列出两次。', en: 'An attachment is listed twice.' },
  DISCLOSURE_ATTACHMENT_NOT_UPLOADED: {
    'zh-CN': '所列附件不在您上传的文件中，请先上传（POST /attachments）。',
    en: 'A listed attachment is not among the files you uploaded; upload it first (POST /attachments).',
  },
  DISCLOSURE_ATTACHMENT_DIFFERS_FROM_RECORD: {
    'zh-CN': '所列附件的大小或类型与上传时的记录不符。',
    en: 'A listed attachment’s size or type differs from the record made when it was uploaded.',
  },
  DISCLOSURE_NO_OPEN_CLARIFICATION: { 'zh-CN': '没有待回答的问询。', en: 'No clarification is awaiting an answer.' },
  DISCLOSURE_ALREADY_DECIDED: { 'zh-CN': '单位已就是否申请作出决定。', en: 'The unit has already decided on filing.' },
  DISCLOSURE_REASON_REQUIRED: { 'zh-CN': '请说明理由。', en: 'State the reasons.' },
  R1_DISCLOSURE_WITHOUT_INVENTORS: { 'zh-CN': '成果披露至少列明一名完成人（R1）。', en: 'A disclosure names at least one inventor (R1).' },
  R1_DUPLICATE_INVENTOR: { 'zh-CN': '同一完成人被列出多次（R1）。', en: 'An inventor is listed more than once (R1).' },
  R1_SHARES_NOT_100_PERCENT: {
    'zh-CN': '贡献份额合计须恰好为 10000 个基点（100%）（R1）。',
    en: 'Contribution shares must total exactly 10000 basis points (100%) (R1).',
  },
  R1_NOT_AN_INVENTOR: { 'zh-CN': '该用户不是此披露的完成人（R1）。', en: 'This user is not an inventor of the disclosure (R1).' },
  R1_FISCAL_FUNDING_NEEDS_PROJECT_NUMBER: {
    'zh-CN': '财政资助的成果须填写项目编号（R1）。',
    en: 'Fiscally funded work names its project number (R1).',
  },
  R1_CONCEPTION_DATE_IN_FUTURE: { 'zh-CN': '构思日期不能晚于今天。', en: 'The conception date cannot lie in the future.' },
  R2_NOT_THE_ASSIGNED_EVALUATOR: {
    'zh-CN': '只有指定的评估人可以记录评估（R2）。',
    en: 'Only the assigned evaluator records the evaluation (R2).',
  },
  R2_AGENCY_NAME_REQUIRED: { 'zh-CN': '委托外部机构评估须写明机构名称（R2）。', en: 'An entrusted external agency is named (R2).' },
  R2_INVALID_READINESS_LEVEL: { 'zh-CN': '技术成熟度为 1 至 9 的整数。', en: 'Technology readiness level is a whole number from 1 to 9.' },
  R2_DECISION_WITHOUT_EVALUATION: {
    'zh-CN': '是否申请的决定须以已记录的申请前评估为依据（R2）。',
    en: 'A filing decision rests on a recorded pre-filing evaluation (R2).',
  },
  R2_DECISION_CITES_OTHER_EVALUATION: {
    'zh-CN': '决定须引用记录中的那份评估（R2）。',
    en: 'The decision must cite the evaluation on record (R2).',
  },
  R2_FILING_ALREADY_DECIDED: {
    'zh-CN': '单位已就是否申请作出决定，决定只记录一次（R2）。',
    en: 'The unit already decided on filing; a decision is recorded once (R2).',
  },
  R4_CONFLICT_OF_INTEREST: {
    'zh-CN': '存在利益冲突：您不能代表单位就此事项作出决定（R4、R13）。',
    en: 'Conflict of interest: you may not decide this for the unit (R4, R13).',
  },
  POLICY_EFFECTIVE_IN_PAST: {
    'zh-CN': '新版本只能从现在或以后生效，不改写过去。',
    en: 'A new version takes effect now or later; the past is not rewritten.',
  },
  POLICY_OUT_OF_BOUNDS: { 'zh-CN': '政策参数超出允许范围。', en: 'A policy parameter is out of bounds.' },
  POLICY_OUT_OF_ORDER: { 'zh-CN': '已有更晚生效的版本。', en: 'A later version already takes effect.' },

  // Sign-off
  SIGN_OFF_NOT_FOUND: { 'zh-CN': '此处没有该会签。', en: 'No such sign-off here.' },
  SIGN_OFF_NOT_A_PARTY: {
    'zh-CN': '您不是该会签的参与方，也未获委托。',
    en: 'You are not a party to this sign-off and hold no delegation.',
  },
  SIGN_OFF_ALREADY_DECIDED: { 'zh-CN': '该参与方已作出决定。', en: 'This party has already decided.' },
  SIGN_OFF_ROUND_CLOSED: { 'zh-CN': '本轮会签已结束。', en: 'This sign-off round is closed.' },
  SIGN_OFF_ROUND_EXPIRED: {
    'zh-CN': '已过期限，本轮会签等待升级处理角色延期或关闭。',
    en: 'The deadline passed; the round waits for the escalation role to extend or close it.',
  },
  SIGN_OFF_STALE_TERMS: {
    'zh-CN': '条款已变更，请查看当前条款并对其哈希签署。',
    en: 'The terms changed; review the current terms and sign their hash.',
  },
  SIGN_OFF_OUT_OF_SEQUENCE: { 'zh-CN': '该会签按顺序进行，尚未轮到您。', en: 'This sign-off runs in sequence; it is not your turn yet.' },
  SIGN_OFF_ABSTAIN_NOT_ALLOWED: { 'zh-CN': '只有法定人数制会签允许弃权。', en: 'Only a quorum sign-off lets a party abstain.' },
  SIGN_OFF_REASON_REQUIRED: { 'zh-CN': '拒绝须说明理由。', en: 'A rejection states its reason.' },
  SIGN_OFF_PARTY_AMBIGUOUS: {
    'zh-CN': '您可代表多个参与方，请用 partyId 指明其一。',
    en: 'You can act for several parties; name one with partyId.',
  },
  SIGN_OFF_DELEGATION_INVALID: { 'zh-CN': '请委托给其他用户。', en: 'Delegate to another user.' },
  SIGN_OFF_DELEGATION_EXISTS: { 'zh-CN': '该参与方已作出委托，请先撤销。', en: 'This party has already delegated; revoke it first.' },
  SIGN_OFF_DELEGATION_USED: {
    'zh-CN': '受托人已经行事，委托不能再撤销。',
    en: 'The delegate has already acted; the delegation can no longer be revoked.',
  },
  SIGN_OFF_NO_DELEGATION: { 'zh-CN': '您没有可撤销的委托。', en: 'There is no delegation of yours to revoke.' },
  SIGN_OFF_NOT_ESCALATION_ROLE: {
    'zh-CN': '只有升级处理角色可以处理已过期的会签。',
    en: 'Only the escalation role decides an expired round.',
  },
  SIGN_OFF_NOT_EXPIRED: { 'zh-CN': '本轮会签尚未过期，无需处理。', en: 'The round has not expired; there is nothing to decide.' },
  SIGN_OFF_ALREADY_EXTENDED: { 'zh-CN': '每轮会签的期限只能延长一次。', en: 'The deadline of a round can be extended once.' },
  SIGN_OFF_DEADLINE_IN_PAST: { 'zh-CN': '新期限须晚于现在。', en: 'The new deadline must lie in the future.' },
  SIGN_OFF_INVALID_ROUND: { 'zh-CN': '会签轮次的设置无效。', en: 'The sign-off round is not valid.' },

  // Abandonment contract (R3, R4)
  CONTRACT_NOT_FOUND: { 'zh-CN': '该披露没有放弃专利权合同（或尚未生成）。', en: 'No abandonment contract for this disclosure (yet).' },
  CONTRACT_ALREADY_OPEN: {
    'zh-CN': '该披露的合同已依据另一项决定订立。',
    en: 'A contract for this disclosure already rests on another decision.',
  },
  CONTRACT_ALREADY_EXECUTED: { 'zh-CN': '合同已签署，条款不再更改。', en: 'The contract is signed; its terms no longer change.' },
  CONTRACT_APPLICATION_ALREADY_FILED: { 'zh-CN': '专利申请已有记录。', en: 'The application is already on record.' },
  CONTRACT_APPLICATION_NOT_FILED: { 'zh-CN': '请先记录专利申请。', en: 'Record the patent application first.' },
  CONTRACT_ALREADY_GRANTED: { 'zh-CN': '授权已有记录。', en: 'The grant is already on record.' },
  CONTRACT_NOT_GRANTED: { 'zh-CN': '只有已授权的专利才会失效。', en: 'Only a granted patent lapses.' },
  R3_NO_DECISION_NOT_TO_FILE: {
    'zh-CN': '只有单位决定不申请后，权利才依合同归完成人（R3）。',
    en: 'Rights go to the inventors under a contract only after the unit decided not to file (R3).',
  },
  R3_CONTRACT_NOT_EXECUTED: {
    'zh-CN': '只有已签署的合同才能记录申请、费用和收益（R3）。',
    en: 'Only an executed contract records filing, fees and revenue (R3).',
  },
  R3_NOT_A_CONTRACT_INVENTOR: { 'zh-CN': '您不是该合同的完成人（R3）。', en: 'You are not one of the contract’s inventors (R3).' },
  R3_UNIT_SHARE_OUT_OF_RANGE: { 'zh-CN': '单位分成比例为 0–10000 个基点（R3）。', en: 'The unit share is 0–10000 basis points (R3).' },
  R3_TERM_OUT_OF_RANGE: { 'zh-CN': '合同期限为 1–50 年。', en: 'The term is 1–50 years.' },
  R3_REVENUE_PERIOD_INVALID: { 'zh-CN': '收益期间的结束日不得早于开始日。', en: 'A revenue period ends on or after it starts.' },
  R3_REVENUE_PERIOD_OVERLAPS: { 'zh-CN': '该期间的收益已申报（R3）。', en: 'Revenue for this period is already reported (R3).' },
  R3_OBLIGATIONS_ENDED: {
    'zh-CN': '合同义务已终止，只能记录终止日及之前的收益和费用（R3）。',
    en: 'The obligations have ended; only revenue and fees up to that date are recorded (R3).',
  },
  R3_END_OF_OBLIGATIONS_EVIDENCE_REQUIRED: {
    'zh-CN': '终止义务须提供说明及至少一份文件的 SHA-256（R3）。',
    en: 'Ending the obligations needs a summary and the SHA-256 of at least one document (R3).',
  },
  R3_END_OF_OBLIGATIONS_DATE_INVALID: { 'zh-CN': '义务终止日期无效（R3）。', en: 'The end date of the obligations is not valid (R3).' },
  R3_RIGHTS_DUE_TO_INVENTORS: {
    'zh-CN': '单位已决定不申请，权利依书面合同归完成人，单位不能转化（R3）。',
    en: 'The unit decided not to file: the rights go to the inventors, so the unit cannot transform it (R3).',
  },
  R3_ACHIEVEMENT_NOT_OWNED_BY_UNIT: {
    'zh-CN': '该成果不属于本单位，不能由单位转化（R3、R5）。',
    en: 'The unit does not own this achievement and cannot transform it (R3, R5).',
  },

  // Achievement register (R12)
  ACHIEVEMENT_NOT_FOUND: { 'zh-CN': '台账中没有该成果（或尚未登记）。', en: 'No such achievement in the ledger (yet).' },
  ACHIEVEMENT_NOT_REGISTERED: { 'zh-CN': '台账中没有该成果（R12）。', en: 'The register holds no such achievement (R12).' },
  ACHIEVEMENT_ALREADY_REGISTERED: { 'zh-CN': '该成果已在台账中（R12）。', en: 'The achievement is already in the register (R12).' },
  ACHIEVEMENT_WRONG_STATUS: { 'zh-CN': '该成果当前所处状态不允许此操作。', en: 'The achievement’s current status does not allow this.' },
  R12_EVIDENCE_REQUIRED: {
    'zh-CN': '技术转移办公室手工记录的事实须附证据：说明及至少一份文件的 SHA-256（R12）。',
    en: 'A fact the TTO records by hand names its evidence: a summary and the SHA-256 of at least one document (R12).',
  },
  R12_RIGHT_ALREADY_RECORDED: {
    'zh-CN': '台账已记录该权利，更正须另行提出（R12）。',
    en: 'The register already holds this right; a correction is its own command (R12).',
  },
  R12_RIGHT_NUMBER_REQUIRED: { 'zh-CN': '须填写申请号或授权号（R12）。', en: 'The application or grant number is required (R12).' },
  R12_GRANT_WITHOUT_APPLICATION: { 'zh-CN': '授权须以已记录的申请为前提（R12）。', en: 'A grant follows a recorded application (R12).' },
  R12_NOT_A_PATENT: {
    'zh-CN': '只有发明、实用新型或外观设计才作为专利申请和授权（R12）。',
    en: 'Only an invention patent, utility model or design is filed and granted as a patent (R12).',
  },
  R12_NO_INVENTORS: { 'zh-CN': '成果至少列明一名完成人（R12）。', en: 'An achievement names at least one inventor (R12).' },
  R12_DUPLICATE_INVENTOR: { 'zh-CN': '同一完成人被列出多次（R12）。', en: 'An inventor is listed more than once (R12).' },
  R12_SHARES_NOT_100_PERCENT: {
    'zh-CN': '贡献份额合计须为 10000 个基点（R12）。',
    en: 'Contribution shares must total 10000 basis points (R12).',
  },
  R12_TITLE_REQUIRED: { 'zh-CN': '成果须有名称（R12）。', en: 'An achievement has a title (R12).' },
  R12_REASON_REQUIRED: { 'zh-CN': '请说明理由（R12）。', en: 'State the reason (R12).' },
  R12_INVALID_DATE: { 'zh-CN': '日期须为公历日期（YYYY-MM-DD）（R12）。', en: 'A date is a calendar date (YYYY-MM-DD) (R12).' },
  R12_NO_ANNUITY_DUE: {
    'zh-CN': '无应缴年费：只有已授权的专利自授权次年起至保护期届满缴纳年费（R12；专利法第四十三条）。',
    en: 'No annual fee is due: only a granted patent owes annual fees, from the year after its grant to the end of its term (R12).',
  },
  R12_ANNUITY_YEAR_NOT_NEXT: { 'zh-CN': '所缴年度不是下一个应缴年度（R12）。', en: 'This year is not the next annual fee due (R12).' },
  R12_ANNUITY_ALREADY_PAID: { 'zh-CN': '该年度年费已记录为已缴（R12）。', en: 'This year’s annual fee is already recorded as paid (R12).' },
  R12_ANNUITY_GRACE_PERIOD_OVER: {
    'zh-CN': '该年度的滞纳期已届满，专利权已终止（R12；专利法第四十四条）。',
    en: 'The grace period of this year has ended: the right has ended (R12; Patent Law Art. 44).',
  },
  R12_ANNUITY_GRACE_PERIOD_RUNNING: {
    'zh-CN': '该年度年费在滞纳期内仍可缴纳（R12）。',
    en: 'This year can still be paid in its grace period (R12).',
  },
  R12_ANNUITY_NOT_YET_DUE: { 'zh-CN': '该年度年费尚未到期（R12）。', en: 'This year’s annual fee is not yet due (R12).' },
  R12_RIGHT_LAPSED: { 'zh-CN': '专利权已终止（R12）。', en: 'The right has lapsed (R12).' },
  R12_LAPSE_PROPOSAL_OPEN: {
    'zh-CN': '放弃专利权的提议正在会签，须先作出决定（R12）。',
    en: 'A proposal to let the right lapse is before the sign-off; it is decided first (R12).',
  },
  R12_NO_LAPSE_DECISION: {
    'zh-CN': '没有经会签同意放弃专利权的决定（R12）。',
    en: 'No signed decision to let the right lapse is on record (R12).',
  },
  R5_CLASSIFICATION_LOCKED_WHILE_CASE_OPEN: {
    'zh-CN': '转化案件进行期间不能降低密级：它决定案件是否需要主管部门备案（R5）。',
    en: 'The classification cannot be lowered while a transformation case is open (R5).',
  },
  R5_TRANSFORMATION_CASE_OPEN: {
    'zh-CN': '有进行中转化案件的成果不能撤回（R5）。',
    en: 'An achievement with an open transformation case cannot be withdrawn (R5).',
  },
  TRANSFORMATION_CASE_NOT_OPEN: { 'zh-CN': '该成果没有这一进行中的转化案件。', en: 'This case is not open on the achievement.' },

  // Transfer with pricing publicity (R5–R8)
  TRANSFER_CASE_NOT_FOUND: { 'zh-CN': '没有该转化案件（或尚未生成）。', en: 'No such transfer case (yet).' },
  TRANSFER_CASE_ALREADY_OPENED: { 'zh-CN': '该转化案件已开立。', en: 'This transfer case has already been opened.' },
  TRANSFER_CASE_INVALID: { 'zh-CN': '转化案件的内容无效。', en: 'The transfer case is not valid.' },
  TRANSFER_CASE_NOT_AWAITING_PUBLICITY: { 'zh-CN': '案件当前状态不能公示。', en: 'The case cannot be published in its current status.' },
  TRANSFER_PRICE_INVALID: {
    'zh-CN': '价格须为非负整数（以分计，1 元 = 100 分）。',
    en: 'A price is a whole, non-negative number of fen (1 yuan = 100 fen).',
  },
  TRANSFER_PRICE_UNCHANGED: { 'zh-CN': '新价格与当前价格相同。', en: 'The new price equals the current one.' },
  TRANSFER_APPROVAL_REQUIRED: {
    'zh-CN': '转化须先经技术转移办公室负责人、财务和单位负责人签署审批。',
    en: 'The transfer needs the signed approval of the TTO head, finance and the unit leader first.',
  },
  TRANSFER_APPROVAL_NOT_REFUSED: { 'zh-CN': '只有被拒绝或过期的审批才能重新开启。', en: 'Only a refused or expired approval is reopened.' },
  TRANSFER_ALREADY_EXECUTED: { 'zh-CN': '转化已实施。', en: 'The transfer has already been executed.' },
  R5_ACHIEVEMENT_NOT_TRANSFORMABLE: {
    'zh-CN': '该成果当前状态不能转化（R5）。',
    en: 'The achievement cannot be transformed in its current status (R5).',
  },
  R5_SUPERVISORY_FILING_REQUIRED: {
    'zh-CN': '该成果涉及国家秘密、国家安全或关键核心技术：须先记录向主管部门的备案（R5）。',
    en: 'The achievement involves state secrets, national security or key core technology: record the supervisory filing first (R5).',
  },
  R5_SUPERVISORY_FILING_NOT_REQUIRED: {
    'zh-CN': '该成果无密级，无需主管部门备案（R5）。',
    en: 'No supervisory filing applies to an unclassified achievement (R5).',
  },
  R5_SUPERVISORY_FILING_ALREADY_RECORDED: {
    'zh-CN': '主管部门备案已记录（R5）。',
    en: 'The supervisory filing has already been recorded (R5).',
  },
  R5_TRANSFEREE_REQUIRED: {
    'zh-CN': '转让或作价投资须写明受让方（R5）。',
    en: 'A transfer or equity investment names who receives the rights (R5).',
  },
  R6_PRICING_METHOD_MISMATCH: { 'zh-CN': '与该案件的定价方式不符（R6）。', en: 'This does not match the case’s pricing method (R6).' },
  R6_PUBLICITY_ONLY_FOR_AGREEMENT_PRICING: {
    'zh-CN': '只有协议定价需要公示（R6、R7）。',
    en: 'Only agreement pricing is published (R6, R7).',
  },
  R6_MARKET_RESULT_ONLY_FOR_LISTING_OR_AUCTION: {
    'zh-CN': '协议定价的案件须经公示，而非挂牌或拍卖结果（R6）。',
    en: 'An agreement-priced case goes through publicity, not a listing or auction result (R6).',
  },
  R6_MARKET_RESULT_NOT_EXPECTED: { 'zh-CN': '案件当前不在等待挂牌或拍卖结果。', en: 'No listing or auction result is awaited.' },
  R7_PUBLICITY_TOO_SHORT: { 'zh-CN': '公示期不少于 15 日（R7）。', en: 'The publicity period is at least 15 days (R7).' },
  R7_PUBLICITY_DAYS_INVALID: { 'zh-CN': '公示天数不合理。', en: 'The number of publicity days is not plausible.' },
  R7_PUBLICITY_ALREADY_RUNNING: {
    'zh-CN': '该案件的公示期正在进行（R7）。',
    en: 'A publicity period of this case is already running (R7).',
  },
  R7_PUBLICITY_NOT_RUNNING: { 'zh-CN': '该案件没有进行中的公示期（R7）。', en: 'No publicity period of this case is running (R7).' },
  R7_PUBLICITY_PERIOD_NOT_OVER: { 'zh-CN': '公示期尚未届满（R7）。', en: 'The publicity period is not over yet (R7).' },
  R7_PUBLISHED_PRICE_LOCKED: {
    'zh-CN': '已公示或已审批的价格不能修改；新价格须重新完整公示（R7）。',
    en: 'A published or approved price is not edited; a new price needs a new full publicity period (R7).',
  },
  R7_OBJECTION_OUTSIDE_PERIOD: { 'zh-CN': '异议须在公示期内提出（R7）。', en: 'Objections are raised during the publicity period (R7).' },
  R7_OBJECTION_REASON_REQUIRED: { 'zh-CN': '异议须说明理由（R7）。', en: 'An objection states its reason (R7).' },
  R7_OBJECTION_ALREADY_RAISED: { 'zh-CN': '该异议已提出。', en: 'This objection has already been raised.' },
  R7_OBJECTION_NOT_FOUND: { 'zh-CN': '当前公示期内没有该异议。', en: 'No such objection in the running publicity period.' },
  R7_OBJECTION_ALREADY_RESOLVED: { 'zh-CN': '该异议已处理。', en: 'This objection was already resolved.' },
  R7_OBJECTION_OPEN: {
    'zh-CN': '尚有未处理的异议，公示期不能结束（R7）。',
    en: 'The publicity period cannot complete while objections are open (R7).',
  },
  R7_RESOLUTION_REASONS_REQUIRED: {
    'zh-CN': '驳回或支持异议时须说明理由（R7）。',
    en: 'The TTO gives reasons when it dismisses or upholds an objection (R7).',
  },
  R8_CONTRACT_ALREADY_REGISTERED: { 'zh-CN': '合同已登记（R8）。', en: 'The contract is already registered (R8).' },
  R8_NOT_ELIGIBLE_FOR_REWARDS: {
    'zh-CN': '合同未登记即实施，不能享受奖励政策（R8）。',
    en: 'Executed without registration: not eligible for rewards (R8).',
  },

  // Due-diligence exemption (R13)
  EXEMPTION_CLAIM_NOT_FOUND: { 'zh-CN': '没有该免责申请（或尚未生成）。', en: 'No such exemption claim (yet).' },
  EXEMPTION_CLAIM_ALREADY_FILED: { 'zh-CN': '该申请已提交。', en: 'This claim is already filed.' },
  R13_SUBJECT_NOT_A_DECISION: { 'zh-CN': '申请所指的不是记录中的决定（R13）。', en: 'The claim names no decision on record (R13).' },
  R13_DECISION_MAKERS_REQUIRED: { 'zh-CN': '申请须列明决策人（R13）。', en: 'A claim names the decision-makers it is for (R13).' },
  R13_DESCRIPTION_REQUIRED: { 'zh-CN': '申请须说明损失或价值变动（R13）。', en: 'A claim describes the loss or value change (R13).' },
  R13_UNKNOWN_LIST_ITEM: {
    'zh-CN': '所列事项不在该版本的正面清单上（R13）。',
    en: 'An item is not on this version of the positive list (R13).',
  },
  R13_LIST_INVALID: { 'zh-CN': '清单无效（R13）。', en: 'The list is not valid (R13).' },
  R13_NO_FAILED_FINDING: {
    'zh-CN': '各项审查均已通过，无需推翻（R13）。',
    en: 'Every finding passed; there is nothing to override (R13).',
  },
  R13_OVERRIDE_REASONS_REQUIRED: { 'zh-CN': '推翻审查结论须说明理由（R13）。', en: 'An override states its reasons (R13).' },
  R13_ALREADY_OVERRIDDEN: { 'zh-CN': '该部门已记录其推翻意见（R13）。', en: 'This department has already recorded its override (R13).' },
  R13_CONFIRMATION_OPEN: {
    'zh-CN': '确认仍在进行，结束后才能作出结论（R13）。',
    en: 'The confirmation is still open; the claim is concluded when it closes (R13).',
  },
  R13_CONFIRMATION_CLOSED: { 'zh-CN': '四部门确认已结束（R13）。', en: 'The four departments’ confirmation has closed (R13).' },
  R13_POSITIVE_ITEM_REQUIRED: {
    'zh-CN': '申请须列明至少一项现行正面清单事项（R13 双清单）。',
    en: 'A claim asserts at least one item of the positive list in force (R13).',
  },
  R13_CONFLICTED_PARTY_DECIDED: {
    'zh-CN': '记录显示存在利益冲突的人员代表单位作出决定或签署（负面清单，R4、R13）。',
    en: 'The record shows a conflicted person deciding or signing for the unit (negative list; R4, R13).',
  },
  R5_TRANSFORMED_WITHOUT_SUPERVISORY_FILING: {
    'zh-CN': '涉密或关键核心技术成果未经主管部门备案即转化（负面清单，R5、R13）。',
    en: 'A classified achievement was transformed without the supervisory filing (negative list; R5, R13).',
  },
  R7_PRICE_NOT_PUBLICISED: {
    'zh-CN': '协议定价未经完整公示即获批准（负面清单，R7、R13）。',
    en: 'An agreement price was approved without its publicity completed (negative list; R7, R13).',
  },

  // Audit
  AS_OF_REQUIRED: { 'zh-CN': '请给出 asOf（ISO 时间）或 revision。', en: 'Give asOf (an ISO instant) or revision.' },
  AS_OF_INVALID: {
    'zh-CN': 'asOf 须为 ISO 8601 时间，例如 2026-03-01T08:00:00Z。',
    en: 'asOf must be an ISO 8601 instant, e.g. 2026-03-01T08:00:00Z.',
  },
  REVISION_INVALID: { 'zh-CN': 'revision 须为非负整数。', en: 'revision must be a non-negative integer.' },
  DAY_INVALID: { 'zh-CN': 'day 须为 yyyy-mm-dd 格式。', en: 'day must be yyyy-mm-dd.' },
  EXPORT_FORMAT_INVALID: { 'zh-CN': 'format 须为 jsonl 或 csv。', en: 'format must be jsonl or csv.' },
  AUDIT_LEAD_REQUIRED: { 'zh-CN': '只有审计负责人可以查看审计员查阅记录。', en: 'Only the audit lead sees the auditor-read log.' },
  REPLAY_FOLD_FAILED: { 'zh-CN': '无法重放该记录的历史。', en: 'The history of this record could not be replayed.' },
  IDENTITY_PROVIDER_UNAVAILABLE: {
    'zh-CN': '身份认证服务暂不可用，请稍后重试。',
    en: 'The identity provider cannot be reached or answered wrongly; try again later.',
  },
  R1_SUBMITTER_NOT_AN_INVENTOR: { 'zh-CN': '提交人须为完成人之一（R1）。', en: 'The submitter is one of the inventors (R1).' },
  METRICS_FORBIDDEN: { 'zh-CN': '无权读取监控指标。', en: 'Not allowed to read the metrics.' },
  // Income ledger (R8, R14)
  INCOME_AMOUNT_INVALID: { 'zh-CN': '金额须为正整数（单位：分）。', en: 'The amount is a positive whole number of fen.' },
  INCOME_DATE_INVALID: { 'zh-CN': '日期须为有效的公历日期（YYYY-MM-DD）。', en: 'The date is a calendar date (YYYY-MM-DD).' },
  INCOME_DATE_IN_FUTURE: {
    'zh-CN': '日期晚于今天（北京时间）：请在到账后登记。',
    en: 'The date lies after today (Asia/Shanghai): record income once received.',
  },
  INCOME_EVIDENCE_REQUIRED: {
    'zh-CN': '收入或成本登记须附证明：说明及至少一份文件的 SHA-256（R8、R14）。',
    en: 'An income or cost entry names its evidence: a summary and the SHA-256 of at least one document (R8, R14).',
  },
  INCOME_FIELD_REQUIRED: { 'zh-CN': '缺少必填项。', en: 'A required field is missing.' },
  R5_EQUITY_ONLY_FROM_INVESTMENT: {
    'zh-CN': '只有作价投资取得的股权按股权登记，其余收入均为现金（R5）。',
    en: 'Only shares received for investing the achievement are recorded as equity; every other receipt is cash (R5).',
  },
  R5_INVESTMENT_RECEIVED_AS_EQUITY: {
    'zh-CN': '作价投资取得的是股权（R5）。',
    en: 'What the unit receives for investing the achievement is equity (R5).',
  },
  R5_TRANSFORMATION_NOT_ON_RECORD: {
    'zh-CN': '台账中该成果没有此转化案件：收入须来自台账记录的转化（R5、R12）。',
    en: 'The register shows no such transformation case for this achievement (R5, R12).',
  },
  R3_CONTRACT_NOT_ON_RECORD: {
    'zh-CN': '台账中该成果没有此放弃申请合同（R3）。',
    en: 'The register shows no such abandonment contract for this achievement (R3).',
  },
  // Equity investment (作价投资, R5–R7)
  EQUITY_INVESTMENT_NOT_FOUND: {
    'zh-CN': '未找到该作价投资。',
    en: 'No such equity investment.',
  },
  R5_EQUITY_INVESTMENT_EXISTS: {
    'zh-CN': '该作价投资已登记（R5）。',
    en: 'This equity investment has already been opened (R5).',
  },
  R5_CASE_NOT_EQUITY_INVESTMENT: {
    'zh-CN': '作价投资须基于转化方式为作价投资的转化案件（R5）。',
    en: 'An equity investment rests on a transfer case of mode equity_investment (R5).',
  },
  R5_CASE_OF_ANOTHER_ACHIEVEMENT: {
    'zh-CN': '该转化案件涉及另一项成果（R5）。',
    en: 'The transfer case concerns another achievement (R5).',
  },
  R5_CASE_ALREADY_INVESTED: {
    'zh-CN': '台账已记录基于该案件的作价投资（R5）。',
    en: 'The register already records an equity investment on this case (R5).',
  },
  R5_INVESTMENT_NOT_ON_RECORD: {
    'zh-CN': '台账中该成果没有此作价投资（R5）。',
    en: 'The register records no such equity investment for this achievement (R5).',
  },
  R5_LICENCE_NOT_ON_RECORD: {
    'zh-CN': '台账中该成果没有已生效的此项许可（R5）。',
    en: 'The register records no such licence in effect for this achievement (R5).',
  },
  R5_COMPANY_REQUIRED: {
    'zh-CN': '作价投资须写明被投资企业名称（R5）。',
    en: 'The investment names the company (R5).',
  },
  R5_CREDIT_CODE_INVALID: {
    'zh-CN': '统一社会信用代码须为 18 位（数字及除 I、O、S、V、Z 外的大写字母）。',
    en: 'A unified social credit code is 18 characters: digits and capital letters other than I, O, S, V, Z.',
  },
  R5_COMPANY_NOT_CASE_COUNTERPARTY: {
    'zh-CN': '被投资企业与转化案件载明的交易对方不一致（R5）。',
    en: 'The company is not the counterparty the transfer case names (R5).',
  },
  R6_ALREADY_VALUED: {
    'zh-CN': '该作价投资已作价（R6）。',
    en: 'The investment has already been valued (R6).',
  },
  R6_CASE_PRICE_NOT_SETTLED: {
    'zh-CN': '转化案件的价格尚未确定：作价以案件确定并经审批的价格为准（R6）。',
    en: 'The transfer case’s price is not settled: the valuation is the price the case settles (R6).',
  },
  R6_CASE_NOT_AGREEMENT_PRICED: {
    'zh-CN': '该转化案件不是协议定价（R6）。',
    en: 'The transfer case is not priced by agreement (R6).',
  },
  R7_PUBLICITY_NOT_COMPLETED: {
    'zh-CN': '协议定价须公示期满后方可作价（R7）。',
    en: 'An agreement price values the investment only after its publicity completed (R7).',
  },
  R6_APPRAISAL_REQUIRED: {
    'zh-CN': '评估作价须提供资产评估报告（R6）。',
    en: 'A valuation by appraisal states the appraisal report (R6).',
  },
  R6_APPRAISAL_INCOMPLETE: {
    'zh-CN': '评估报告须写明评估机构、报告编号及日期。',
    en: 'An appraisal names its institution, report number and dates.',
  },
  R6_APPRAISAL_DATES_INVALID: {
    'zh-CN': '评估报告有效期截止日不得早于评估基准日。',
    en: 'The report’s last valid day is on or after its base date.',
  },
  R6_APPRAISAL_EXPIRED: {
    'zh-CN': '评估报告已过有效期，须重新评估（R6）。',
    en: 'The appraisal report has expired; a new appraisal is needed (R6).',
  },
  R6_VALUATION_NOT_CASE_PRICE: {
    'zh-CN': '评估值与转化案件确定并经审批的价格不一致（R6）。',
    en: 'The appraised value is not the price the case settled and its approval signs (R6).',
  },
  R6_NOT_VALUED: {
    'zh-CN': '须先作价，再登记所获股权（R6）。',
    en: 'The investment is valued before its shares are recorded (R6).',
  },
  R5_CASE_NOT_EXECUTED: {
    'zh-CN': '转化案件尚未执行：股权须在审批通过并执行后登记（R5）。',
    en: 'The transfer case is not executed: shares are recorded after the approved investment was executed (R5).',
  },
  R5_SHARES_ALREADY_RECORDED: {
    'zh-CN': '所获股权已登记（R5）。',
    en: 'The shares received have already been recorded (R5).',
  },
  R5_CONTRIBUTION_REQUIRED: {
    'zh-CN': '须写明所获股份数或出资额（R5）。',
    en: 'State the number of shares, the capital contribution, or both (R5).',
  },
  R5_SHAREHOLDING_INVALID: {
    'zh-CN': '持股比例须为 1 至 10000 个基点的整数。',
    en: 'The shareholding is a whole number of basis points from 1 to 10000.',
  },
  R5_EQUITY_AMOUNT_INVALID: {
    'zh-CN': '数额须为正整数（金额以分计）。',
    en: 'The amount is a positive whole number (money in fen).',
  },
  R5_EQUITY_DATE_INVALID: {
    'zh-CN': '日期须为有效的日历日期（YYYY-MM-DD）。',
    en: 'The date is a calendar date (YYYY-MM-DD).',
  },
  R5_EQUITY_DATE_IN_FUTURE: {
    'zh-CN': '日期不得晚于今天。',
    en: 'The date is not after today.',
  },
  R5_EQUITY_TEXT_REQUIRED: {
    'zh-CN': '缺少必填内容。',
    en: 'A required text is missing.',
  },
  R5_EQUITY_EVIDENCE_REQUIRED: {
    'zh-CN': '须附证明材料：摘要及至少一个文件的 SHA-256。',
    en: 'Name the evidence: a summary and at least one document SHA-256.',
  },
  R5_NO_HOLDING: {
    'zh-CN': '该作价投资尚无持股（R5）。',
    en: 'The unit holds no shares under this investment yet (R5).',
  },
  R5_HOLDING_SOLD_OUT: {
    'zh-CN': '所持股权已全部转让（R5）。',
    en: 'The whole holding has been sold (R5).',
  },
  R5_BEFORE_EQUITY_REGISTERED: {
    'zh-CN': '日期早于股权工商变更登记日（R5）。',
    en: 'The date is before the equity was registered (R5).',
  },
  R5_EQUITY_ENTRY_EXISTS: {
    'zh-CN': '该记录已登记。',
    en: 'This entry has already been recorded.',
  },
  R5_SALE_EXCEEDS_HOLDING: {
    'zh-CN': '转让数量超过所持股权（R5）。',
    en: 'The sale exceeds the holding (R5).',
  },
  R5_SALE_MEASURE_MISMATCH: {
    'zh-CN': '转让须以所持股权的计量方式（股数、出资额）写明，且各计量一致（R5）。',
    en: 'State the sale in the holding’s measures (shares, contribution), moving together (R5).',
  },
  R5_SHAREHOLDING_AFTER_SALE_INVALID: {
    'zh-CN': '转让后持股比例须低于转让前，且仅在全部转让时为零（R5）。',
    en: 'The shareholding after a sale is below the one before, and zero exactly when all is sold (R5).',
  },
  INCOME_ENTRY_EXISTS: { 'zh-CN': '该条目已登记。', en: 'This entry is already in the ledger.' },
  INCOME_INVOICE_ALREADY_RECORDED: { 'zh-CN': '该发票已登记。', en: 'This invoice is already recorded.' },
  INCOME_ENTRY_NOT_FOUND: { 'zh-CN': '收入台账中没有该条目。', en: 'No such receipt or cost in this ledger.' },
  INCOME_CORRECTION_CHANGES_NOTHING: {
    'zh-CN': '更正内容与原记录相同。',
    en: 'The correction states the amount and date already on record.',
  },
  INCOME_LEDGER_NOT_FOUND: { 'zh-CN': '该成果尚无收入记录。', en: 'No income recorded for this achievement (yet).' },
  // Rewards (R8–R10)
  REWARD_INVALID_DATE: { 'zh-CN': '日期须为有效的公历日期（YYYY-MM-DD）。', en: 'The date is a calendar date (YYYY-MM-DD).' },
  R8_SCHEME_SHARES_INVALID: {
    'zh-CN': '奖励比例须为整数基点，完成人与转化机构合计不超过 100%（R8）。',
    en: 'Shares are whole basis points, the contributors’ and the TTO’s together at most 100 % (R8).',
  },
  R8_SCHEME_DAYS_INVALID: { 'zh-CN': '天数须为 0 至 365 的整数（R8）。', en: 'Days are a whole number up to 365 (R8).' },
  R8_STAFF_CONSULTATION_REQUIRED: {
    'zh-CN': '奖励办法须在听取职工意见后提出：请提供会议日期、纪要和文件（XZ-13、R8）。',
    en: 'A reward scheme is proposed after hearing the staff: give the consultation’s date, summary and documents (XZ-13, R8).',
  },
  R8_SCHEME_PROPOSAL_PENDING: {
    'zh-CN': '另一版奖励办法正在审批中（R8）。',
    en: 'Another version of the reward scheme is being adopted (R8).',
  },
  R8_SCHEME_EFFECTIVE_DATE_NOT_LATER: {
    'zh-CN': '新版奖励办法的生效日期须晚于现行版本（R8）。',
    en: 'A new version takes effect after the latest one (R8).',
  },
  R9_TENURE_INVALID: {
    'zh-CN': '任职记录须有人员、职务和起始日期，且结束不早于开始（R9）。',
    en: 'A tenure names the person, the post and its start, and ends on or after it starts (R9).',
  },
  R9_TENURE_OVERLAPS: { 'zh-CN': '该人员在此期间已任该职（R9）。', en: 'This person already holds the post in that period (R9).' },
  R9_TENURE_NOT_FOUND: { 'zh-CN': '该人员没有在任的正职领导职务（R9）。', en: 'This person holds no open principal leader’s tenure (R9).' },
  REWARD_PERIOD_NOT_ENDED: {
    'zh-CN': '该年度尚未结束（北京时间），暂不能计算奖励。',
    en: 'Rewards for a year are computed once it has ended (Asia/Shanghai).',
  },
  REWARD_ALREADY_COMPUTED: { 'zh-CN': '该奖励分配已计算。', en: 'This distribution is already computed.' },
  REWARD_NOT_COMPUTED: { 'zh-CN': '该成果该年度尚未计算奖励分配。', en: 'No distribution computed for this achievement and year.' },
  R8_CONTRACT_NOT_REGISTERED: {
    'zh-CN': '该收入所依据的技术合同未经认定登记，不得计发奖励（R8）。',
    en: 'The income arises from a technology contract that is not registered: it earns no reward until it is (R8).',
  },
  R8_NO_SCHEME_FOR_ROUTE: {
    'zh-CN': '收入到账时没有适用的奖励办法，法律亦无默认比例（R8、XZ-13）。',
    en: 'No reward scheme was in force for this income on its date, and the law sets no default for it (R8, XZ-13).',
  },
  REWARD_NOTHING_TO_DISTRIBUTE: {
    'zh-CN': '该年度没有可分配的净收入或股权（R8）。',
    en: 'The year leaves no net income or shares to distribute (R8).',
  },
  R9_LEADER_EQUITY_REWARD_REFUSED: {
    'zh-CN': '正职领导只能获得现金奖励，不得获得股权奖励；如需继续，请登记其放弃股权份额（R9）。',
    en: 'A principal leader receives cash rewards only, not equity; record their equity share as waived to proceed (R9).',
  },
  REWARD_WRONG_STATUS: { 'zh-CN': '奖励分配当前所处状态不允许此操作。', en: 'The distribution’s current status does not allow this.' },
  R8_TEAM_SHARES_INVALID: {
    'zh-CN': '团队协议须列明每位完成人一次，比例为整数基点，合计 10000（R8）。',
    en: 'A team agreement names every contributor once, in whole basis points totalling 10000 (R8).',
  },
  R8_TEAM_AGREEMENT_PENDING: {
    'zh-CN': '团队分配协议尚在签署中（R8）。',
    en: 'A team agreement on the shares is still being signed (R8).',
  },
  REWARD_REASON_REQUIRED: { 'zh-CN': '请说明理由。', en: 'State the reason.' },
  R9_ANNOUNCEMENT_NOT_OVER: {
    'zh-CN': '奖励分配公示期未满，期满后方可发放（R9）。',
    en: 'The distribution is still announced; it is paid after that (R9).',
  },
  REWARD_NOT_A_CONTRIBUTOR: { 'zh-CN': '该人员在本次分配中无奖励。', en: 'This person receives nothing in this distribution.' },
  REWARD_ALREADY_PAID: { 'zh-CN': '该奖励已发放。', en: 'This reward is already paid.' },
  REWARD_DATE_IN_FUTURE: { 'zh-CN': '日期晚于今天。', en: 'The date lies in the future.' },
  R14_YEAR_NOT_ENDED: {
    'zh-CN': '该年度尚未结束（北京时间），年度报告须在次年编制（R14）。',
    en: 'The year has not ended (Asia/Shanghai); its report is prepared once it has (R14).',
  },
  R14_REPORT_BEING_FILED: {
    'zh-CN': '该年度报告正待单位负责人签署（R14）。',
    en: 'The year’s report awaits the unit leader’s signature (R14).',
  },
  R14_REPORT_ALREADY_FILED: {
    'zh-CN': '该年度报告已签署报送，不能重新编制（R14）。',
    en: 'The year’s report is filed and is not prepared again (R14).',
  },
  R14_REPORT_NOT_FOUND: { 'zh-CN': '该年度报告尚未编制。', en: 'No report on that year has been prepared.' },
  REPORT_LANGUAGE_INVALID: { 'zh-CN': 'lang 须为 zh-CN 或 en。', en: 'lang is zh-CN or en.' },
  YEAR_INVALID: { 'zh-CN': '年份须为四位数字（1990–2200）。', en: 'The year is four digits, 1990–2200.' },
  REWARD_NOT_FOUND: { 'zh-CN': '该成果该年度尚无奖励分配。', en: 'No reward distribution for this achievement and year (yet).' },
  // Ownership pilot (R11; XZ-16).
  R11_INVALID_DATE: { 'zh-CN': '日期须为有效的公历日期（YYYY-MM-DD）。', en: 'The date is a calendar date (YYYY-MM-DD).' },
  R11_POLICY_BASIS_REQUIRED: {
    'zh-CN': '赋权试点政策版本须注明依据文件（R11）。',
    en: 'A pilot policy version names the document it rests on (R11).',
  },
  R11_POLICY_EFFECTIVE_DATE_NOT_LATER: {
    'zh-CN': '新版本的生效日期须晚于最新版本（R11）。',
    en: 'A new pilot policy version takes effect after the latest one (R11).',
  },
  R11_POLICY_UNCHANGED: { 'zh-CN': '最新版本已是该试点状态（R11）。', en: 'The latest version already says so (R11).' },
  R11_NOT_A_PILOT_UNIT: {
    'zh-CN': '协议日期本单位不是赋权试点单位，不得赋予完成人所有权或长期使用权（R11）。',
    en: 'The unit is not an ownership pilot unit on the agreement’s date (R11).',
  },
  R11_ACHIEVEMENT_NOT_OWNED_BY_UNIT: {
    'zh-CN': '该成果不归本单位单独所有，不得赋权（R11）。',
    en: 'The unit does not own this achievement alone; it cannot grant ownership or a use right of it (R11).',
  },
  R11_NO_INVENTORS: { 'zh-CN': '台账未列出该成果的完成人（R11）。', en: 'The register lists no inventors for this achievement (R11).' },
  R11_CO_OWNERSHIP_SHARE_INVALID: {
    'zh-CN': '完成人共有份额须为 1–9999 个基点的整数（R11）。',
    en: 'The inventors’ co-ownership share is a whole number of basis points from 1 to 9999 (R11).',
  },
  R11_USE_RIGHT_TOO_SHORT: {
    'zh-CN': '长期使用权期限不得少于 10 年（R11）。',
    en: 'A long-term use right runs no less than 10 years (R11).',
  },
  R11_USE_RIGHT_TERM_INVALID: {
    'zh-CN': '使用权期限须为整数年，最长 50 年（R11）。',
    en: 'The use right runs a whole number of years, at most 50 (R11).',
  },
  R11_REVENUE_SHARES_REQUIRED: { 'zh-CN': '赋权协议须约定收益分配（R11）。', en: 'The agreement must fix the revenue shares (R11).' },
  R11_REVENUE_SPLIT_REQUIRED: {
    'zh-CN': '共有协议须以基点载明单位在转化收益中的份额（R11）。',
    en: 'A co-ownership agreement states the unit’s share of the transformation income, in basis points (R11).',
  },
  R11_REVENUE_SPLIT_INVALID: {
    'zh-CN': '单位收益份额须为 0–10000 个基点的整数，其余由共有人分享（R11）。',
    en: 'The unit’s share of the income is a whole number of basis points from 0 to 10000; the co-owners share the rest (R11).',
  },
  R11_DECISION_MAKING_REQUIRED: { 'zh-CN': '赋权协议须约定决策方式（R11）。', en: 'The agreement must fix how decisions are made (R11).' },
  R11_COST_SHARING_REQUIRED: { 'zh-CN': '赋权协议须约定费用分担（R11）。', en: 'The agreement must fix how costs are shared (R11).' },
  R11_IP_MAINTENANCE_REQUIRED: { 'zh-CN': '赋权协议须约定知识产权维护（R11）。', en: 'The agreement must fix who maintains the IP (R11).' },
  R11_AGREEMENT_EXISTS: {
    'zh-CN': '该成果已有赋权协议；仅在签署未完成后方可重新提出（R11）。',
    en: 'This achievement already has an ownership agreement; a new one follows only a round that was not signed (R11).',
  },
  R11_CO_OWNERS_CONSENT_REQUIRED: {
    'zh-CN': '该成果为单位与完成人共有，转化须经共有人同意（R11）。',
    en: 'The achievement is co-owned; transforming it needs the co-owners’ consent (R11).',
  },
  R11_CO_OWNERS_CONSENT_NOT_REFUSED: {
    'zh-CN': '仅可重新发起未获共有人同意（被拒绝或逾期）的同意程序（R11）。',
    en: 'Only a co-owners’ consent that was refused or expired is reopened (R11).',
  },
  R11_GRANTEES_NOT_INVENTORS: {
    'zh-CN': '只能向该成果的完成人赋权（R11）。',
    en: 'Ownership or a use right is granted only to the achievement’s inventors (R11).',
  },
  R11_SHARES_INVALID: {
    'zh-CN': '单位与共有人的份额须为 1–9999 个基点的整数，合计 10000（R11）。',
    en: 'The unit’s and the co-owners’ shares are whole basis points, each 1–9999, adding up to 10000 (R11).',
  },

  // Licensing (R5–R8, R15)
  LICENCE_ALREADY_RECORDED: {
    'zh-CN': '该转化案件已对应一项许可：一案一许可（R5、R7）。',
    en: 'This case already prices a licence: one case, one licence (R5, R7).',
  },
  LICENCE_CASE_NOT_EXECUTED: {
    'zh-CN': '许可在其转化案件执行（审批通过）后方可生效（R5、R8）。',
    en: 'The licence takes effect when its case is executed, after its approval (R5, R8).',
  },
  LICENCE_CASE_NOT_FOUND: { 'zh-CN': '没有为该许可定价的转化案件。', en: 'No transfer case to price this licence.' },
  LICENCE_CURE_PERIOD_NOT_OVER: { 'zh-CN': '纠正期尚未届满。', en: 'The cure period has not ended.' },
  LICENCE_DATE_IN_FUTURE: { 'zh-CN': '日期晚于今天（北京时间）。', en: 'The date lies after today (Asia/Shanghai).' },
  LICENCE_EARLIER_PERIOD_UNREPORTED: {
    'zh-CN': '须先报告更早的期间：提成报告按期依次提交。',
    en: 'Report the earlier period first: royalty reports come period by period.',
  },
  LICENCE_EVIDENCE_REQUIRED: {
    'zh-CN': '须写明证据：说明及至少一份文件的 SHA-256。',
    en: 'Name the evidence: a summary and the SHA-256 of at least one document.',
  },
  LICENCE_INVALID_FIELD: { 'zh-CN': '许可条款中的字段无效。', en: 'A field of the licence is not valid.' },
  LICENCE_MILESTONE_ALREADY_REACHED: { 'zh-CN': '该里程碑已记录为达成。', en: 'The milestone is already recorded as reached.' },
  LICENCE_MILESTONE_HAS_DATE: {
    'zh-CN': '该里程碑按日期到期，而非由事件触发。',
    en: 'The milestone falls due on a date, not on an event.',
  },
  LICENCE_MILESTONE_NOT_FOUND: { 'zh-CN': '该许可没有此里程碑。', en: 'The licence has no such milestone.' },
  LICENCE_NOT_FOUND: { 'zh-CN': '没有该许可（或尚未生成）。', en: 'No such licence (yet).' },
  LICENCE_NOT_IN_EFFECT: {
    'zh-CN': '许可未处于有效期内，不能记录报告或付款。',
    en: 'The licence is not in effect: reports and payments run while it is.',
  },
  LICENCE_NO_ROYALTY: { 'zh-CN': '该许可未约定提成，无需报告。', en: 'The licence agrees no running royalty: nothing to report.' },
  LICENCE_NO_UNCURED_DEFAULT: {
    'zh-CN': '该许可没有纠正期满仍未履行的义务，不能以违约为由终止。',
    en: 'No obligation is overdue past its cure period: there is no default to terminate for.',
  },
  LICENCE_OBLIGATION_NOT_OVERDUE: { 'zh-CN': '该义务未逾期。', en: 'The obligation is not overdue.' },
  LICENCE_PAYMENT_EXCEEDS_OUTSTANDING: {
    'zh-CN': '付款金额超过该项未付金额。',
    en: 'The payment exceeds what is outstanding on the item.',
  },
  LICENCE_PAYMENT_EXISTS: { 'zh-CN': '该笔付款已记录。', en: 'The payment is already recorded.' },
  LICENCE_PAYMENT_ITEM_NOT_DUE: { 'zh-CN': '被许可人（尚）不欠该项款项。', en: 'The licensee does not owe this item (yet).' },
  LICENCE_PERIOD_INVALID: {
    'zh-CN': '报告期间格式不符（YYYY-Qn 或 YYYY）。',
    en: 'The period is not of the licence’s kind (YYYY-Qn or YYYY).',
  },
  LICENCE_PERIOD_NOT_ENDED: { 'zh-CN': '报告期间尚未结束。', en: 'The period has not ended.' },
  LICENCE_PERIOD_OUTSIDE_TERM: { 'zh-CN': '该期间不在许可的报告期间内。', en: 'The period lies outside the licence’s reporting periods.' },
  LICENCE_ROYALTY_AMOUNT_MISMATCH: {
    'zh-CN': '申报的提成金额与约定费率乘以净销售额不符。',
    en: 'The stated royalty is not the agreed rate applied to the reported net sales.',
  },
  LICENCE_ROYALTY_REPORT_EXISTS: { 'zh-CN': '该期间的提成已报告。', en: 'The royalty of this period is already reported.' },
  LICENCE_TERMINATION_PENDING: { 'zh-CN': '该许可的终止正在签批中。', en: 'A termination of this licence is being signed.' },
  LICENCE_TERM_INVALID: {
    'zh-CN': '许可期限须有效，且终止日晚于起始日。',
    en: 'The licence term starts and ends on calendar dates, ending after it starts.',
  },
  R15_CONVERSION_ALREADY_DECIDED: {
    'zh-CN': '该许可是否转为付费许可已作决定（R15）。',
    en: 'The conversion of this licence has already been decided (R15).',
  },
  R15_DECISION_DATE_INVALID: {
    'zh-CN': '先使用后付费许可须写明期限内的转换决定日（R15）。',
    en: 'A use-first-pay-later licence names a decision date inside its term (R15).',
  },
  R15_INVALID_DATE: { 'zh-CN': '日期格式须为 YYYY-MM-DD（R15）。', en: 'The date is a calendar date, YYYY-MM-DD (R15).' },
  R15_LICENSEE_CLASS_NOT_ALLOWED: {
    'zh-CN': '单位许可政策不允许该类被许可人先使用后付费（R15）。',
    en: 'The unit’s licensing policy does not let this class of licensee use first and pay later (R15).',
  },
  R15_NOT_USE_FIRST_PAY_LATER: {
    'zh-CN': '该许可按普通条件付费，无转换可决定（R15）。',
    en: 'The licence is paid on ordinary terms: there is no conversion to decide (R15).',
  },
  R15_NO_PAYMENT_AGREED: {
    'zh-CN': '先使用后付费仍须后付：里程碑、提成或延期支付（R15）。',
    en: 'Use first, pay later still pays later: milestones, royalties or deferred payments (R15).',
  },
  R15_PAYMENT_BEFORE_START: { 'zh-CN': '付款开始前不得有到期款项（R15）。', en: 'Nothing may fall due before payment starts (R15).' },
  R15_POLICY_BASIS_REQUIRED: {
    'zh-CN': '许可政策版本须写明所依据的文件（R15）。',
    en: 'A licensing policy version names the document it rests on (R15).',
  },
  R15_POLICY_CLASS_INVALID: { 'zh-CN': '不是有效的被许可人类别（R15）。', en: 'Not a licensee class (R15).' },
  R15_POLICY_EFFECTIVE_DATE_NOT_LATER: {
    'zh-CN': '新的许可政策版本须晚于最新版本生效（R15）。',
    en: 'A new licensing policy version takes effect after the latest one (R15).',
  },
  R15_UPFRONT_FEE_NOT_ZERO: { 'zh-CN': '先使用后付费不收入门费（零门槛费，R15）。', en: 'Use first, pay later has no upfront fee (R15).' },
  R5_CASE_NAMES_NO_ACHIEVEMENT: {
    'zh-CN': '该转化案件未关联台账中的成果，不能据此许可（R5、R12）。',
    en: 'The transfer case names no achievement of the register; a licence needs one (R5, R12).',
  },
  R5_CASE_NOT_A_LICENCE: {
    'zh-CN': '该转化案件的方式不是许可（R5）。',
    en: 'The transfer case does not transform the achievement by licence (R5).',
  },
  R5_EXCLUSIVITY_MISMATCH: {
    'zh-CN': '许可类型（独占/排他/普通）与转化案件定价的不一致（R5、R7）。',
    en: 'The licence’s exclusivity differs from the one its case priced (R5, R7).',
  },
  R6_LICENSEE_NOT_COUNTERPARTY: {
    'zh-CN': '被许可人不是转化案件定价所针对的交易对方（R6、R7）。',
    en: 'The licensee is not the counterparty the case priced the licence for (R6, R7).',
  },
  R7_CONSIDERATION_NOT_PRICED: {
    'zh-CN': '固定对价（入门费+里程碑+延期支付）与案件确定的价格不一致（R6、R7）。',
    en: 'The fixed consideration differs from the price the case settled (R6, R7).',
  },
  R7_PRICE_NOT_SETTLED: {
    'zh-CN': '转化案件价格尚未确定：须公示期满或市场成交（R6、R7）。',
    en: 'The case’s price is not settled: publicity must complete or the market find a price first (R6, R7).',
  },
};

/** What the validation messages say per class-validator constraint; `{property}` and `{0}`… are filled in. */
export const VALIDATION_MESSAGES: Readonly<Record<string, Messages>> = {
  isString: { 'zh-CN': '{property} 须为文本。', en: '{property} must be a string.' },
  isInt: { 'zh-CN': '{property} 须为整数。', en: '{property} must be an integer.' },
  isNumber: { 'zh-CN': '{property} 须为数字。', en: '{property} must be a number.' },
  isBoolean: { 'zh-CN': '{property} 须为 true 或 false。', en: '{property} must be true or false.' },
  isIn: { 'zh-CN': '{property} 须为以下之一：{0}。', en: '{property} must be one of: {0}.' },
  isEnum: { 'zh-CN': '{property} 须为允许的值之一。', en: '{property} must be one of the allowed values.' },
  min: { 'zh-CN': '{property} 不得小于 {0}。', en: '{property} must not be less than {0}.' },
  max: { 'zh-CN': '{property} 不得大于 {0}。', en: '{property} must not be greater than {0}.' },
  minLength: { 'zh-CN': '{property} 至少 {0} 个字符。', en: '{property} must be at least {0} characters long.' },
  maxLength: { 'zh-CN': '{property} 最多 {0} 个字符。', en: '{property} must be at most {0} characters long.' },
  length: { 'zh-CN': '{property} 的长度须在 {0} 到 {1} 个字符之间。', en: '{property} must be {0} to {1} characters long.' },
  matches: { 'zh-CN': '{property} 的格式不正确。', en: '{property} is not in the expected format.' },
  isIso8601: { 'zh-CN': '{property} 须为 ISO 8601 日期或时间。', en: '{property} must be an ISO 8601 date or time.' },
  isDateString: { 'zh-CN': '{property} 须为 ISO 8601 日期或时间。', en: '{property} must be an ISO 8601 date or time.' },
  isUuid: { 'zh-CN': '{property} 须为 UUID。', en: '{property} must be a UUID.' },
  isArray: { 'zh-CN': '{property} 须为数组。', en: '{property} must be an array.' },
  arrayMinSize: { 'zh-CN': '{property} 至少包含 {0} 项。', en: '{property} must contain at least {0} items.' },
  arrayMaxSize: { 'zh-CN': '{property} 最多包含 {0} 项。', en: '{property} must contain at most {0} items.' },
  arrayNotEmpty: { 'zh-CN': '{property} 不能为空。', en: '{property} must not be empty.' },
  arrayUnique: { 'zh-CN': '{property} 的各项不能重复。', en: '{property} must not contain duplicates.' },
  isNotEmpty: { 'zh-CN': '{property} 不能为空。', en: '{property} must not be empty.' },
  isDefined: { 'zh-CN': '缺少 {property}。', en: '{property} is required.' },
  isObject: { 'zh-CN': '{property} 须为对象。', en: '{property} must be an object.' },
  nestedValidation: { 'zh-CN': '{property} 须为对象或对象数组。', en: '{property} must be an object or an array of objects.' },
  isPositive: { 'zh-CN': '{property} 须为正数。', en: '{property} must be a positive number.' },
  whitelistValidation: { 'zh-CN': '不允许字段 {property}。', en: 'The field {property} is not allowed.' },
};
