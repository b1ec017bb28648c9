-- The first few items of the library, written for this project from the clinic's reference
-- document (shared/seed/sciatica-and-knee-pain.txt) and the red flags in the clinical references.
-- The full library (every cause, route and question) comes in a later issue.

INSERT INTO education_item (slug, locale, version, title, kind, body_markdown, cause_tags, route_tags, status)
VALUES
('seek-help-now', 'en', 1, 'Seek help now: warning signs', 'WARNING_SIGNS', $md$
Most back, leg and knee pain is not dangerous. A few symptoms, though, can mean that a nerve or a
joint needs treatment straight away.

**Go to an emergency department now if you have back pain or sciatica and:**

- you cannot pass urine, or you wet or soil yourself without meaning to;
- you feel numb around your bottom, genitals or inner thighs (the area that would touch a saddle);
- both legs become weak or numb, or weakness in a leg gets worse quickly;
- you notice new problems with sexual function.

**Get urgent medical help the same day if:**

- you have a fever or feel very unwell as well as back pain;
- your foot drops or drags when you walk;
- your knee is locked and will not straighten, or it is hot and swollen and you have a fever;
- you cannot put weight on your leg after an injury.

Do not wait for your appointment if any of these happen. Call your local emergency number if you
cannot get to help safely.
$md$, '{}', '{}', 'PUBLISHED'),

('seek-help-now', 'es', 1, 'Busque ayuda ya: señales de alarma', 'WARNING_SIGNS', $md$
La mayoría de los dolores de espalda, pierna y rodilla no son peligrosos. Sin embargo, algunos
síntomas pueden indicar que un nervio o una articulación necesitan tratamiento de inmediato.

**Vaya ahora a urgencias si tiene dolor de espalda o ciática y además:**

- no puede orinar, o se le escapan la orina o las heces sin querer;
- nota adormecimiento alrededor de las nalgas, los genitales o la cara interna de los muslos (la zona
  que tocaría una silla de montar);
- se le debilitan o adormecen las dos piernas, o la debilidad de una pierna empeora rápidamente;
- nota problemas nuevos en la función sexual.

**Pida atención médica urgente el mismo día si:**

- tiene fiebre o se siente muy mal además del dolor de espalda;
- el pie se le cae o lo arrastra al caminar;
- la rodilla se le ha bloqueado y no la puede estirar, o está caliente e hinchada y tiene fiebre;
- no puede apoyar el peso en la pierna después de una lesión.

No espere a su cita si le ocurre algo de esto. Llame al número de emergencias local si no puede
llegar a un centro de forma segura.
$md$, '{}', '{}', 'PUBLISHED'),

('sciatica', 'en', 1, 'Sciatica: pain that travels down the leg', 'CONDITION', $md$
Sciatica is the name for pain that starts in the lower back or buttock and runs down the back of
one leg, sometimes as far as the foot. It happens when the sciatic nerve, the longest nerve in the
body, is pressed on or irritated somewhere on its way from the spine into the leg.

**What it can feel like**

- a sharp, burning or aching pain along the back of the leg;
- numbness, tingling or "pins and needles" in the leg or foot;
- weakness in the leg;
- pain that is worse when you move, sit for a long time, cough or sneeze.

**Why it happens**

The usual reasons are a disc in the lower spine that bulges out and touches the nerve, a narrowing
of the space the nerves run through (spinal stenosis), or a tight muscle deep in the buttock (the
piriformis) squeezing the nerve.

**What usually helps**

Most people improve over a number of weeks with gentle activity, exercise and physical therapy.
Staying as active as you can is better than resting in bed. Your clinician will talk with you about
pain relief and about the next step that suits you.

A nerve problem in the back can also be felt as pain around the knee, so tell your clinician about
every place that hurts.
$md$, '{HERNIATED_DISC,SPINAL_STENOSIS,PIRIFORMIS_SYNDROME,REFERRED_KNEE_PAIN,BIOMECHANICAL}', '{}', 'PUBLISHED'),

('sciatica', 'es', 1, 'Ciática: dolor que baja por la pierna', 'CONDITION', $md$
La ciática es el dolor que empieza en la parte baja de la espalda o en el glúteo y baja por la parte
de atrás de una pierna, a veces hasta el pie. Aparece cuando el nervio ciático, el nervio más largo
del cuerpo, se comprime o se irrita en algún punto de su recorrido desde la columna hasta la pierna.

**Cómo se puede sentir**

- un dolor punzante, ardiente o sordo a lo largo de la parte de atrás de la pierna;
- adormecimiento u hormigueo en la pierna o el pie;
- debilidad en la pierna;
- un dolor que empeora al moverse, al estar mucho tiempo sentado, al toser o al estornudar.

**Por qué ocurre**

Las causas habituales son un disco de la parte baja de la columna que sobresale y toca el nervio, un
estrechamiento del espacio por donde pasan los nervios (estenosis espinal) o un músculo profundo del
glúteo (el piriforme) que aprieta el nervio.

**Qué suele ayudar**

La mayoría de las personas mejora en unas semanas con actividad suave, ejercicio y fisioterapia.
Mantenerse tan activo como pueda es mejor que guardar reposo en cama. Su profesional de salud hablará
con usted sobre el alivio del dolor y sobre el siguiente paso más adecuado para usted.

Un problema de un nervio de la espalda también puede notarse como dolor alrededor de la rodilla, así
que cuente a su profesional todos los lugares donde le duele.
$md$, '{HERNIATED_DISC,SPINAL_STENOSIS,PIRIFORMIS_SYNDROME,REFERRED_KNEE_PAIN,BIOMECHANICAL}', '{}', 'PUBLISHED'),

('knee-pain', 'en', 1, 'Knee pain: the common causes', 'CONDITION', $md$
Knee pain is very common and has many possible causes. The most frequent ones are:

- **wear of the joint cartilage** (osteoarthritis), which builds up slowly over the years;
- **a torn meniscus**, one of the two rubbery pads that cushion the joint, often after a twist;
- **a sprained ligament**, when one of the strong bands that keep the knee steady is overstretched
  or torn.

Pain around the knee can also start somewhere else. An irritated nerve in the lower back can be felt
in the knee, and weak hip or core muscles or an uneven way of walking can put extra load on it.

**What usually helps**

Exercises that build up the muscles around the knee and hip, keeping to a healthy weight and pacing
your activities help most kinds of knee pain. Depending on the cause, your clinician may also suggest
pain relief, a support or insoles, or the opinion of a specialist.
$md$, '{OSTEOARTHRITIS,MENISCUS_TEAR,LIGAMENT_SPRAIN,REFERRED_KNEE_PAIN,BIOMECHANICAL}', '{}', 'PUBLISHED'),

('herniated-disc', 'en', 1, 'Herniated (slipped) disc', 'CAUSE', $md$
Between the bones of your spine sit discs: tough outer rings with a soft, jelly-like centre that act
as shock absorbers. When the outer ring weakens or tears, some of the soft centre can bulge out. If
it presses on or inflames a nearby nerve root, you may feel pain, numbness or tingling down the leg.
This is one of the most common causes of sciatica.

**Good to know**

- Many herniated discs shrink and settle by themselves over weeks to months.
- Keeping moving, guided exercise and physical therapy are the usual first steps.
- An operation is considered only for some people: when severe leg pain has not eased with other
  treatment after a while, or when the nerve is badly affected.
- A scan is not always needed; your clinician will arrange one if it would change your care.
$md$, '{HERNIATED_DISC}', '{}', 'PUBLISHED'),

('meniscus-tear', 'en', 1, 'Meniscus tear', 'CAUSE', $md$
Each knee has two menisci: C-shaped pads of cartilage between the thigh bone and the shin bone that
cushion the joint and help keep it steady. A meniscus can tear in a sudden twist with the foot
planted, or wear thin slowly with age.

**Common signs**

- pain along the inner or outer edge of the knee joint;
- swelling, often over the hours after an injury;
- a catching or clicking feeling;
- the knee getting stuck (locking) so that it will not straighten fully.

**What happens next**

Many tears settle with exercises that strengthen the thigh and hip muscles. If your knee keeps
locking or giving way, or the pain goes on despite rehabilitation, a knee specialist may look at it.
**A knee that is locked and cannot straighten needs to be seen urgently.**
$md$, '{MENISCUS_TEAR}', '{}', 'PUBLISHED'),

('physical-therapy', 'en', 1, 'Physical therapy: what to expect', 'TREATMENT', $md$
A physical therapist helps you move with less pain and builds up the strength that protects your
back and knees. At the first visit they ask about your symptoms, watch how you move and agree goals
with you.

**What the programme usually includes**

- For back and leg pain: exercises for the deep muscles of the tummy and back (your core) and for
  posture.
- For knee pain: exercises for the thigh, hip and calf muscles that support the knee.
- Advice on staying active, pacing yourself and getting back to work or sport.
- If the way you walk or stand strains your knee or back, advice on footwear or insoles.

**Getting the most out of it**

Doing the exercises at home, a little and often, matters more than the sessions themselves. Some
soreness at the start is normal; tell your therapist if the pain is clearly getting worse.
$md$, '{}', '{PHYSICAL_THERAPY}', 'PUBLISHED'),

('looking-after-your-back-and-knees', 'en', 1, 'Looking after your back and knees', 'PREVENTION', $md$
The same habits protect both your back and your knees:

- **Keep to a healthy weight.** Extra body weight adds load to the spine and the knee joints.
- **Move every day** and build up the muscles that support your spine, hips and knees.
- **Mind your posture** when you sit, stand and lift: bend your knees and keep loads close to you.
- **Break up long spells of sitting** with a short walk or a stretch.
- **Build up gradually.** Go back to demanding activities step by step after a break or an injury,
  and ease off those that strain your lower back or knees.
$md$, '{HERNIATED_DISC,SPINAL_STENOSIS,PIRIFORMIS_SYNDROME,OSTEOARTHRITIS,MENISCUS_TEAR,LIGAMENT_SPRAIN,REFERRED_KNEE_PAIN,BIOMECHANICAL}', '{}', 'PUBLISHED');
