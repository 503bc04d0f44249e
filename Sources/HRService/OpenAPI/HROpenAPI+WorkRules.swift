import OpenAPIKit

// The policy, schedule and holiday-calendar routes of the HR OpenAPI document.
extension HROpenAPI {
    static var workRulesPaths: [(OpenAPI.Path, OpenAPI.PathItem)] {
        [
            ("/api/v1/policy", OpenAPI.PathItem(get: getPolicy, post: setPolicy)),
            ("/api/v1/policy/versions", OpenAPI.PathItem(get: listPolicyVersions)),
            ("/api/v1/schedules", OpenAPI.PathItem(get: listSchedules, post: createSchedule)),
            (
                "/api/v1/schedules/{id}",
                OpenAPI.PathItem(parameters: [.parameter(idParameter("The schedule's id."))], get: getSchedule, put: replaceSchedule)
            ),
            ("/api/v1/holiday-calendars", OpenAPI.PathItem(get: listCalendars, post: createCalendar)),
            (
                "/api/v1/holiday-calendars/{id}",
                OpenAPI.PathItem(parameters: [.parameter(idParameter("The calendar's id."))], get: getCalendar, put: replaceCalendar)
            ),
        ]
    }

    static var workRulesSchemas: [(String, JSONSchema)] {
        [
            ("Policy", policySchema), ("PolicyVersion", policyVersionSchema), ("PolicyInput", policyInputSchema),
            ("PolicyVersionList", list(of: "PolicyVersion")), ("Schedule", scheduleSchema), ("ScheduleInput", scheduleInputSchema),
            ("ScheduleList", list(of: "Schedule")), ("HolidayCalendar", calendarSchema), ("HolidayCalendarInput", calendarInputSchema),
            ("HolidayCalendarList", list(of: "HolidayCalendar")),
        ]
    }

    static var dateQuery: Either<OpenAPI.Reference<OpenAPI.Parameter>, OpenAPI.Parameter> {
        queryParameter("date", .string(format: .date), "The day whose version to read (YYYY-MM-DD); default: today in the company's time zone.")
    }

    static func read(_ tag: String, _ summary: String, _ id: String, _ schema: String, byID: Bool = false, dated: Bool = false)
        -> OpenAPI.Operation
    {
        var responses: OpenAPI.Response.Map = [200: success(summary, ref(schema)), 401: unauthorized, 403: forbidden, 503: unavailable]
        if byID || dated { responses[400] = problem(byID ? badID : "The date is not YYYY-MM-DD (`validation_failed`).") }
        if byID { responses[404] = notFound("No such record (`not_found`).") }
        if dated { responses[422] = problem("`date_out_of_range`: the date is before 1900-01-01 or more than a year ahead.") }
        return OpenAPI.Operation(
            tags: [tag], summary: summary, operationId: id, parameters: dated ? [dateQuery] : [], responses: responses,
            security: bearer)
    }

    static func write(_ tag: String, _ summary: String, _ id: String, input: String, output: String, replace: Bool) -> OpenAPI.Operation {
        var responses: OpenAPI.Response.Map = [
            (replace ? 200 : 201): success(summary, ref(output)),
            400: problem("Not JSON, or fields missing, mistyped, malformed or unknown (`malformed_json`, `validation_failed`)."),
            401: unauthorized, 403: forbidden,
            409: problem("`duplicate` (the code is taken) or `idempotency_key_in_use`."),
            413: tooLarge,
            422: problem(
                """
                    `invalid_reference`, `date_out_of_range` (effectiveFrom before 1900 or more than a year ahead; a \
                    holiday before 1900 or after the end of the year after next), or `idempotency_key_reused`.
                    """),
            503: unavailable,
        ]
        if replace {
            responses[404] = notFound("No such record (`not_found`).")
            responses[412] = problem("`version_mismatch`: If-Match names another version.")
            responses[428] = problem("`if_match_required`: the If-Match header is missing.")
        }
        return OpenAPI.Operation(
            tags: [tag], summary: summary, description: "hr_admin only.", operationId: id,
            parameters: replace ? [.parameter(ifMatch(required: true))] : [.parameter(idempotencyKey)],
            requestBody: jsonBody(ref(input)), responses: responses, security: bearer)
    }

    static var getPolicy: OpenAPI.Operation { read("Policy", "The policy in force on a date", "getPolicy", "PolicyVersion", dated: true) }
    static var listPolicyVersions: OpenAPI.Operation {
        read("Policy", "Every stored policy version (hr_admin)", "listPolicyVersions", "PolicyVersionList")
    }
    static var setPolicy: OpenAPI.Operation {
        write("Policy", "Store a policy version taking effect on a date", "setPolicy", input: "PolicyInput", output: "PolicyVersion", replace: false)
    }
    static var listSchedules: OpenAPI.Operation { read("Schedules", "Work schedules", "listSchedules", "ScheduleList", dated: true) }
    static var getSchedule: OpenAPI.Operation { read("Schedules", "A work schedule", "getSchedule", "Schedule", byID: true, dated: true) }
    static var createSchedule: OpenAPI.Operation {
        write("Schedules", "Create a work schedule", "createSchedule", input: "ScheduleInput", output: "Schedule", replace: false)
    }
    static var replaceSchedule: OpenAPI.Operation {
        write("Schedules", "Rename a schedule and set its minutes from a date", "replaceSchedule", input: "ScheduleInput", output: "Schedule", replace: true)
    }
    static var listCalendars: OpenAPI.Operation { read("Holiday calendars", "Holiday calendars", "listCalendars", "HolidayCalendarList") }
    static var getCalendar: OpenAPI.Operation { read("Holiday calendars", "A holiday calendar", "getCalendar", "HolidayCalendar", byID: true) }
    static var createCalendar: OpenAPI.Operation {
        write("Holiday calendars", "Create a holiday calendar", "createCalendar", input: "HolidayCalendarInput", output: "HolidayCalendar", replace: false)
    }
    static var replaceCalendar: OpenAPI.Operation {
        write("Holiday calendars", "Replace a holiday calendar", "replaceCalendar", input: "HolidayCalendarInput", output: "HolidayCalendar", replace: true)
    }

    static func minutes(required: Bool = true) -> JSONSchema {
        .integer(required: required, maximum: (1440, exclusive: false), minimum: (0, exclusive: false))
    }

    static var policySchema: JSONSchema {
        obj(
            [
                "companyTimeZone": str(required: false),
                "currency": choice(["AUD", "BHD", "CNY", "EUR", "GBP", "JPY", "KRW", "KWD", "SGD", "THB", "USD", "VND"], required: false),
                "attendance": obj(
                    [
                        "lateGraceMinutes": .integer(required: false, maximum: (240, exclusive: false), minimum: (0, exclusive: false)),
                        "earlyExitGraceMinutes": .integer(required: false, maximum: (240, exclusive: false), minimum: (0, exclusive: false)),
                        "halfDayThresholdMinutes": .integer(required: false, maximum: (1440, exclusive: false), minimum: (1, exclusive: false)),
                        "halfDayPayFraction": str(required: false, pattern: #"^[0-9]{1,6}(\.[0-9]{1,6})?$"#),
                        "unpaidBreakMinutes": .integer(required: false, maximum: (240, exclusive: false), minimum: (0, exclusive: false)),
                        "breakAfterMinutes": minutes(required: false),
                        "unmarkedCountsAs": choice(["absent", "present"], required: false),
                        "clockSkewSeconds": .integer(required: false, maximum: (3600, exclusive: false), minimum: (0, exclusive: false)),
                    ], closed: true),
                "overtime": obj(
                    [
                        "minimumBlockMinutes": minutes(required: false),
                        "roundingStepMinutes": .integer(required: false, maximum: (240, exclusive: false), minimum: (1, exclusive: false)),
                        "dailyCapMinutes": minutes(required: false),
                        "multipliers": obj(
                            [
                                "workday": str(required: false, pattern: #"^[0-9]{1,6}(\.[0-9]{1,6})?$"#),
                                "restDay": str(required: false, pattern: #"^[0-9]{1,6}(\.[0-9]{1,6})?$"#),
                                "holiday": str(required: false, pattern: #"^[0-9]{1,6}(\.[0-9]{1,6})?$"#),
                            ], closed: true),
                    ], closed: true),
                "deductions": .array(
                    required: false,
                    items: obj(
                        [
                            "code": str(minLength: 1, maxLength: 32), "name": str(minLength: 1, maxLength: 100),
                            "basis": choice(["contractual", "insurance", "gross", "fixed"]),
                            "percent": str(required: false, pattern: #"^[0-9]{1,6}(\.[0-9]{1,6})?$"#),
                            "capMinor": .integer(required: false, minimum: (0, exclusive: false)),
                            "amountMinor": .integer(required: false, minimum: (0, exclusive: false)),
                        ], closed: true)),
            ],
            closed: true, description: "Company policy; keys left out keep their defaults (DESIGN §6).")
    }

    static var policyVersionSchema: JSONSchema {
        obj(["id": str(description: "`default` for the built-in defaults."), "effectiveFrom": date(required: false), "policy": ref("Policy")])
    }

    static var policyInputSchema: JSONSchema {
        obj(["effectiveFrom": date(), "policy": ref("Policy")], closed: true)
    }

    static var scheduleVersionSchema: JSONSchema {
        obj([
            "effectiveFrom": date(), "minutesByWeekday": .array(minItems: 7, maxItems: 7, items: minutes()),
            "startTime": str(required: false, pattern: timeOfDayPattern),
        ])
    }

    static var scheduleSchema: JSONSchema {
        obj(
            [
                "id": uuid(), "code": str(), "name": str(), "holidayCalendarId": uuid(required: false),
                "effectiveFrom": date(required: false), "minutesByWeekday": .array(required: false, items: minutes()),
                "startTime": str(required: false, pattern: timeOfDayPattern),
                "versions": .array(items: scheduleVersionSchema), "version": int(minimum: 1),
            ],
            description: "A work schedule; minutes per weekday, Monday first, in force on the requested date.")
    }

    static var scheduleInputSchema: JSONSchema {
        obj(
            [
                "code": str(pattern: departmentCodePattern), "name": personName(),
                "holidayCalendarId": uuid(required: false, nullable: true), "effectiveFrom": date(required: false, nullable: true),
                "minutesByWeekday": .array(minItems: 7, maxItems: 7, items: minutes()),
                "startTime": str(required: false, nullable: true, pattern: timeOfDayPattern),
            ],
            closed: true)
    }

    static var holidaySchema: JSONSchema {
        obj(["date": date(), "name": str()])
    }

    static var calendarSchema: JSONSchema {
        obj(["id": uuid(), "code": str(), "name": str(), "holidays": .array(items: holidaySchema), "version": int(minimum: 1)])
    }

    static var calendarInputSchema: JSONSchema {
        obj(
            [
                "code": str(pattern: departmentCodePattern), "name": personName(),
                "holidays": .array(required: false, items: obj(["date": date(), "name": personName()], closed: true)),
            ],
            closed: true)
    }
}
