/** Calendars: working hours, local dates, out-of-office and business time in a calendar's zone. */
export { compileCalendar, CompiledCalendar } from './compiled-calendar.js';
export { isOutOfOffice, isWorkingTime, localDate } from './working-hours.js';
export { addBusinessMs, addBusinessTime, businessMsBetween, nextWorkingTime } from './business-time.js';
